import { useEffect } from 'react';

const APP_TITLE = 'Chairside';

/** "Schedule · Chairside" while the page is shown (the tab and the screen reader say where we are). */
export function useDocumentTitle(...parts: Array<string | null | undefined>): void {
  const title = [...parts.filter((part): part is string => Boolean(part)), APP_TITLE].join(' · ');
  useEffect(() => {
    document.title = title;
    return () => {
      document.title = APP_TITLE;
    };
  }, [title]);
}
