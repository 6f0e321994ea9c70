import { useId } from 'react';
import type { OutboxEntry } from '../../offline/outbox.ts';
import { useOutbox, useOutboxState } from '../../offline/useOutbox.ts';
import { formatClockTime } from '../../ui/format.ts';
import { STAGE_LABELS, entryStage, friendlyMessage } from './entryStatus.ts';

const SHOWN = 12;

/**
 * The entries made on this device for this session, newest first, each with where it stands:
 * sending, not sent yet (kept here), saved on the server, or refused with the server's reason.
 * Refused entries stay until the nurse dismisses them; nothing disappears on its own but old
 * saved ones.
 */
export function EntryLog({ sessionId }: { sessionId: string }) {
  const outbox = useOutbox();
  const { entries, sendingId, nextRetryAt, blocked, persistent, volatileIds } = useOutboxState();
  const headingId = useId();
  const mine = entries.filter((entry) => entry.sessionId === sessionId).reverse();
  const waiting = mine.filter((entry) => entry.status === 'pending').length;
  const refused = mine.filter((entry) => entry.status === 'refused').length;
  const shown = [...mine.filter((entry) => entry.status !== 'sent'), ...mine.filter((entry) => entry.status === 'sent')].slice(
    0,
    Math.max(SHOWN, waiting + refused),
  );

  return (
    <section className="entry-card entry-log" aria-labelledby={headingId}>
      <div className="entry-card__head">
        <h2 className="entry-card__title" id={headingId}>
          Entries from this device
        </h2>
      </div>
      <p className={`entry-log__summary${waiting > 0 ? ' entry-log__summary--waiting' : ''}${refused > 0 ? ' entry-log__summary--refused' : ''}`} role="status">
        {summaryText(mine.length, waiting, refused, blocked)}
        {waiting > 0 && nextRetryAt !== null ? ' Trying again shortly.' : ''}
      </p>
      {!persistent ? (
        <p className="entry-notice entry-notice--danger">
          This browser does not let Chairside keep entries on the device: entries not yet sent are lost if the page is reloaded.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <ol className="entry-log__list">
          {shown.map((entry) => (
            <EntryLogItem
              key={entry.id}
              entry={entry}
              sendingId={sendingId}
              held={nextRetryAt !== null || blocked !== null}
              volatile={volatileIds.has(entry.id)}
              onSendNow={() => void outbox.flushNow()}
              onRetry={() => outbox.retry(entry.id)}
              onDismiss={() => outbox.dismiss(entry.id)}
            />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function summaryText(total: number, waiting: number, refused: number, blocked: string | null): string {
  if (total === 0) return 'Nothing entered on this device yet.';
  const parts: string[] = [];
  if (waiting > 0) {
    parts.push(
      blocked === 'signedOut'
        ? `${waiting} not sent: sign in again to send ${waiting === 1 ? 'it' : 'them'}.`
        : `${waiting} not on the server yet; kept on this device and sent automatically.`,
    );
  }
  if (refused > 0) parts.push(`${refused} refused by the server; see why below.`);
  return parts.length > 0 ? parts.join(' ') : 'Every entry is saved on the server.';
}

interface EntryLogItemProps {
  entry: OutboxEntry;
  sendingId: string | null;
  /** The outbox waits to try again: nothing is being sent right now. */
  held: boolean;
  volatile: boolean;
  onSendNow: () => void;
  onRetry: () => void;
  onDismiss: () => void;
}

function EntryLogItem({ entry, sendingId, held, volatile, onSendNow, onRetry, onDismiss }: EntryLogItemProps) {
  const stage = entryStage(entry, sendingId, held);
  return (
    <li
      className={`entry-log__item entry-log__item--${stage}`}
      data-entry-id={entry.id}
      data-entry-stage={stage}
      data-entry-type={entry.type}
      data-record-ids={entry.records.map((record) => record.id).join(' ')}
    >
      <div className="entry-log__line">
        <span className={`stage-pill stage-pill--${stage}`}>
          <span className={`stage-icon stage-icon--${stage}`} aria-hidden="true" />
          {STAGE_LABELS[stage]}
        </span>
        <span className="entry-log__what">
          <span className="entry-log__type">{entry.type === 'observations' ? 'Vitals' : 'Side effect'}</span> {entry.summary}
        </span>
        <time className="entry-log__time" dateTime={entry.createdAt}>
          {formatClockTime(entry.createdAt)}
        </time>
      </div>
      {stage === 'waiting' ? (
        <div className="entry-log__detail">
          <span>
            {entry.lastProblem ?? 'Waiting for the connection'}. {entry.attempts} {entry.attempts === 1 ? 'attempt' : 'attempts'}.
            {volatile ? ' Not stored on this device: do not reload the page.' : ''}
          </span>
          <button type="button" className="button entry-button entry-button--small" onClick={onSendNow}>
            Send now
          </button>
        </div>
      ) : null}
      {stage === 'sent' && entry.alreadyStored > 0 ? (
        <div className="entry-log__detail entry-log__detail--quiet">The server already had it from an earlier attempt: stored once.</div>
      ) : null}
      {stage === 'refused' && entry.refusal ? (
        <div className="entry-log__detail entry-log__detail--refused">
          <div>
            <p className="entry-log__reason">{friendlyMessage(entry.refusal.code, entry.refusal.message)}</p>
            {entry.refusal.issues.length > 1 ? (
              <ul className="entry-log__issues">
                {entry.refusal.issues.map((issue) => (
                  <li key={`${issue.path}-${issue.code}`}>{friendlyMessage(issue.code, issue.message)}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className="entry-log__actions">
            <button type="button" className="button entry-button entry-button--small" onClick={onRetry}>
              Try again
            </button>
            <button type="button" className="button entry-button entry-button--small" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
