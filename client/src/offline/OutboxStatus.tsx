import { useOutboxRunner, useOutboxState } from './useOutbox.ts';
import './OutboxStatus.css';

/**
 * Keeps the outbox sending on every page, once per screen: the badge below may be drawn in more
 * than one place (the header's link or its menu button) or not at all while the menu is closed.
 */
export function OutboxRunner() {
  useOutboxRunner();
  return null;
}

/** Entries saved on this device that have not reached the server yet, and those it refused. */
export function useOutboxCounts(): { pending: number; refused: number } {
  const { entries } = useOutboxState();
  return {
    pending: entries.filter((entry) => entry.status === 'pending').length,
    refused: entries.filter((entry) => entry.status === 'refused').length,
  };
}

/**
 * Sits on the "Bedside" link in the header: how many bedside entries have not reached the server
 * yet (or were refused), as a badge in the link's corner, so it costs the crowded tablet header no
 * width. Nothing shows when all are on the server.
 */
export function OutboxBadge() {
  const { pending, refused } = useOutboxCounts();
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
