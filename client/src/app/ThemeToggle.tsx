import { useTheme } from './theme.ts';

/** A real toggle button: its pressed state is night mode being on. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  return (
    <button type="button" className="header-button" aria-pressed={theme === 'night'} onClick={toggle} data-theme-toggle>
      <svg className="header-button__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M17.5 12.6A7.5 7.5 0 1 1 7.4 2.5a6 6 0 0 0 10.1 10.1Z" />
      </svg>
      <span className="header-button__text">Night mode</span>
    </button>
  );
}
