import type { OutboxEntry } from '../../offline/outbox.ts';
import { useOutboxState } from '../../offline/useOutbox.ts';
import { formatClockTime } from '../../ui/format.ts';
import { entryStage, friendlyMessage } from './entryStatus.ts';

/** Under a form's Save button: what became of the entry just saved. Announced politely. */
export function EntryStatusLine({ entry }: { entry: OutboxEntry | undefined }) {
  const { sendingId, nextRetryAt, blocked } = useOutboxState();
  if (!entry) return <p className="entry-status-line" aria-live="polite" />;
  const stage = entryStage(entry, sendingId, nextRetryAt !== null || blocked !== null);
  return (
    <p className={`entry-status-line entry-status-line--${stage}`} aria-live="polite" data-entry-id={entry.id} data-entry-stage={stage}>
      <span className={`stage-icon stage-icon--${stage}`} aria-hidden="true" />
      {stage === 'sent' ? (
        <span>
          <strong>Saved on the server</strong> at {formatClockTime(entry.sentAt ?? entry.createdAt)}: {entry.summary}
        </span>
      ) : stage === 'refused' ? (
        <span>
          <strong>Not recorded:</strong> {entry.refusal ? friendlyMessage(entry.refusal.code, entry.refusal.message) : 'the server refused it'}
        </span>
      ) : stage === 'waiting' ? (
        <span>
          <strong>Kept on this device</strong>, not on the server yet: it is sent automatically when the connection is back.
        </span>
      ) : (
        <span>
          <strong>Sending…</strong> {entry.summary}
        </span>
      )}
    </p>
  );
}
