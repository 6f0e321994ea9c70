import { useMemo } from 'react';
import { useCoarseNow, useNow } from './clock.ts';
import { formatAge, formatAgeShort, formatDateTime } from './format.ts';

interface RelativeTimeProps {
  iso: string;
  className?: string;
  /** "3 min" instead of "3 min ago" (to the minute), for tiles; screen readers still hear "ago". */
  short?: boolean;
}

/**
 * "3 min ago", ticking on a shared clock; the exact time is in the tooltip and `datetime`. The
 * short form changes by the minute, so it follows the 5-second clock instead of the 1-second one.
 */
export function RelativeTime({ iso, className, short = false }: RelativeTimeProps) {
  return short ? <ShortAge iso={iso} className={className} /> : <LongAge iso={iso} className={className} />;
}

function useInstant(iso: string) {
  return useMemo(() => ({ ms: Date.parse(iso), text: formatDateTime(iso) }), [iso]);
}

function LongAge({ iso, className }: { iso: string; className: string | undefined }) {
  const now = useNow();
  const at = useInstant(iso);
  return (
    <time className={className} dateTime={iso} title={at.text}>
      {formatAge(now - at.ms)}
    </time>
  );
}

function ShortAge({ iso, className }: { iso: string; className: string | undefined }) {
  const now = useCoarseNow();
  const at = useInstant(iso);
  const age = now - at.ms;
  return (
    <time className={className} dateTime={iso} title={at.text}>
      {formatAgeShort(age)}
      {age >= 10_000 ? <span className="sr-only"> ago</span> : null}
    </time>
  );
}
