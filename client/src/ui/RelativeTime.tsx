import { useNow } from './clock.ts';
import { formatAge, formatAgeShort, formatDateTime } from './format.ts';

interface RelativeTimeProps {
  iso: string;
  className?: string;
  /** "3 min" instead of "3 min ago", for tiles; screen readers still hear "ago". */
  short?: boolean;
}

/** "3 min ago", ticking on the shared clock; the exact time is in the tooltip and `datetime`. */
export function RelativeTime({ iso, className, short = false }: RelativeTimeProps) {
  const now = useNow();
  const age = now - Date.parse(iso);
  return (
    <time className={className} dateTime={iso} title={formatDateTime(iso)}>
      {short ? (
        <>
          {formatAgeShort(age)}
          {age >= 5_000 ? <span className="sr-only"> ago</span> : null}
        </>
      ) : (
        formatAge(age)
      )}
    </time>
  );
}
