import { useCallback, useEffect, useState } from 'react';

/** How long a "saved" line stays before it fades out of the way. */
const NOTICE_MS = 8_000;

export interface Notice {
  id: number;
  text: string;
}

/** A short-lived confirmation ("Account created for …"), replaced by the next one. */
export function useAdminNotice(): [Notice | null, (text: string) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  const announce = useCallback((text: string) => setNotice((current) => ({ id: (current?.id ?? 0) + 1, text })), []);
  return [notice, announce];
}

/** The polite live region is always in the page, so screen readers announce what appears in it. */
export function AdminNotice({ notice }: { notice: Notice | null }) {
  return (
    <div className="admin-notice-region" role="status">
      {notice ? (
        <p key={notice.id} className="admin-notice">
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className="admin-notice__icon">
            <path d="M4 10.5l4 4 8-9" />
          </svg>
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
