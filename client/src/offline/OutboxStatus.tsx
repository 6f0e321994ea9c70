import { Link } from 'wouter';
import type { OutboxEntry } from './outbox.ts';
import { useOutboxRunner, useOutboxState } from './useOutbox.ts';
import './OutboxStatus.css';

/**
 * In the header on every page: keeps the outbox sending, and says how many bedside entries have not
 * reached the server yet (or were refused), linking to where they were entered. Silent when all
 * entries are on the server.
 */
export function OutboxStatus() {
  useOutboxRunner();
  const { entries } = useOutboxState();
  const pending = entries.filter((entry) => entry.status === 'pending');
  const refused = entries.filter((entry) => entry.status === 'refused');
  const first: OutboxEntry | undefined = refused[0] ?? pending[0];
  return (
    <div className="outbox-status" role="status">
      {first ? (
        <Link
          href={`/sessions/${first.sessionId}/record`}
          className={`outbox-status__link ${refused.length > 0 ? 'outbox-status__link--refused' : 'outbox-status__link--pending'}`}
          data-outbox-pending={pending.length}
          data-outbox-refused={refused.length}
        >
          <span className="outbox-status__icon" aria-hidden="true" />
          {describe(pending.length, refused.length)}
        </Link>
      ) : null}
    </div>
  );
}

function describe(pending: number, refused: number): string {
  const parts: string[] = [];
  if (pending > 0) parts.push(`${pending} ${pending === 1 ? 'entry' : 'entries'} not sent yet`);
  if (refused > 0) parts.push(`${refused} refused`);
  return parts.join(', ');
}
