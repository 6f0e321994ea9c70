import { useOutboxRunner, useOutboxState } from './useOutbox.ts';
import './OutboxStatus.css';

/**
 * Sits on the "Bedside" link in the header on every page: keeps the outbox sending, and shows how
 * many bedside entries have not reached the server yet (or were refused) as a badge in the link's
 * corner, so it costs the crowded tablet header no width. Nothing shows when all are on the server.
 */
export function OutboxBadge() {
  useOutboxRunner();
  const { entries } = useOutboxState();
  const pending = entries.filter((entry) => entry.status === 'pending').length;
  const refused = entries.filter((entry) => entry.status === 'refused').length;
  if (pending + refused === 0) return null;
  return (
    <span className={`outbox-badge ${refused > 0 ? 'outbox-badge--refused' : 'outbox-badge--pending'}`} data-outbox-pending={pending} data-outbox-refused={refused}>
      <span className="outbox-badge__count" aria-hidden="true">
        {pending + refused}
      </span>
      <span className="sr-only">: {describe(pending, refused)}</span>
    </span>
  );
}

function describe(pending: number, refused: number): string {
  const parts: string[] = [];
  if (pending > 0) parts.push(`${pending} ${pending === 1 ? 'entry' : 'entries'} not sent yet`);
  if (refused > 0) parts.push(`${refused} refused`);
  return parts.join(', ');
}
