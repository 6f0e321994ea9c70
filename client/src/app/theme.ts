import { useCallback, useSyncExternalStore } from 'react';

/** Day is the clinic's bright theme; night is the dim palette for darkened rooms. */
export type Theme = 'day' | 'night';

const STORAGE_KEY = 'chairside-theme';
const listeners = new Set<() => void>();

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    // Earlier versions stored light/dark.
    if (value === 'day' || value === 'light') return 'day';
    if (value === 'night' || value === 'dark') return 'night';
    return null;
  } catch {
    // Storage can be blocked (private mode, kiosk policies): fall back to the system setting.
    return null;
  }
}

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'night' : 'day';
}

function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'night' ? 'night' : 'day';
}

/** Called once before the first render (no inline script is allowed by the CSP). */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = storedTheme() ?? systemTheme();
}

function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered across reloads, but still applied.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): { theme: Theme; toggle: () => void } {
  const theme = useSyncExternalStore(subscribe, currentTheme);
  const toggle = useCallback(() => setTheme(currentTheme() === 'night' ? 'day' : 'night'), []);
  return { theme, toggle };
}
