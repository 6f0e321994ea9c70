import { useNow } from './clock.ts';
import { formatAge, formatDateTime } from './format.ts';

interface RelativeTimeProps {
  iso: string;
  className?: string;
}

/** "3 min ago", ticking on the shared clock; the exact time is in the tooltip and `datetime`. */
export function RelativeTime({ iso, className }: RelativeTimeProps) {
  const now = useNow();
  return (
    <time className={className} dateTime={iso} title={formatDateTime(iso)}>
      {formatAge(now - Date.parse(iso))}
    </time>
  );
}
