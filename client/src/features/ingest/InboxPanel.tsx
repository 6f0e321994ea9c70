import { useState } from 'react';
import { can } from '../../../../shared/auth/permissions.ts';
import type { InboxEntry } from '../../../../shared/ingest/schemas.ts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { isApiError } from '../../api/ApiError.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { useActiveSessions, useAssignInbox, useDismissInbox, useInbox } from './ingestQueries.ts';

const REASONS: Record<string, string> = {
  unmapped_device: 'No chair is mapped to this device',
  unmapped_code: 'Codes that are not vital signs',
  no_session: 'No running session on the chair',
  patient_mismatch: 'The patient is not the chair’s',
};

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Device messages the feed could not place: put them in a running session, or dismiss them. */
export function InboxPanel() {
  const { roles } = useSignedInUser();
  const mayAssign = can(roles, 'ingest.assign');
  const inbox = useInbox('open');
  const sessions = useActiveSessions(mayAssign);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="admin-card" aria-labelledby="inbox-title">
      <div className="admin-card__head">
        <h2 className="admin-card__title" id="inbox-title">
          Inbox
        </h2>
        <button type="button" className="button admin-button--small" onClick={() => void inbox.refetch()} disabled={inbox.isFetching}>
          {inbox.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="admin-notice-region" role="status">
        {notice ? <span className="admin-notice">{notice}</span> : null}
      </p>
      {inbox.isPending ? <StatusMessage tone="loading" title="Loading the inbox…" /> : null}
      {inbox.isError ? <StatusMessage tone="error" title="The inbox could not be loaded">{inbox.error.message}</StatusMessage> : null}
      {inbox.data && inbox.data.length === 0 ? <p className="admin-empty">Nothing waiting: every device message found its session.</p> : null}
      {inbox.data && inbox.data.length > 0 ? (
        <div className="admin-table-wrap">
          <table className="admin-table admin-table--audit ingest-inbox" data-entries={inbox.data.length}>
            <caption className="sr-only">Device messages waiting to be placed</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Device</th>
                <th scope="col">Reason</th>
                <th scope="col">Readings</th>
                {mayAssign ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((entry) => (
                <InboxRow key={entry.id} entry={entry} mayAssign={mayAssign} sessions={sessions.data ?? []} onDone={setNotice} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

interface InboxRowProps {
  entry: InboxEntry;
  mayAssign: boolean;
  sessions: ReadonlyArray<{ id: string; chair: { label: string }; patient: { name: string; mrn: string } }>;
  onDone: (notice: string) => void;
}

function InboxRow({ entry, mayAssign, sessions, onDone }: InboxRowProps) {
  const [sessionId, setSessionId] = useState(entry.suggestedSessionId ?? '');
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const assign = useAssignInbox();
  const dismiss = useDismissInbox();
  const error = assign.error ?? dismiss.error;
  const errorText = error ? (isApiError(error) ? (error.issues[0]?.message ?? error.message) : 'Something went wrong. Try again.') : null;
  const errorId = `inbox-${entry.id}-error`;
  const session = sessions.find((s) => s.id === sessionId);

  return (
    <tr data-inbox-id={entry.id}>
      <td>
        <time dateTime={entry.receivedAt}>{when(entry.receivedAt)}</time>
      </td>
      <td className="admin-mono">{entry.deviceId ?? '—'}</td>
      <td>
        <strong>{REASONS[entry.reason] ?? entry.reason}</strong>
        <div className="admin-muted ingest-detail">{entry.detail}</div>
      </td>
      <td>
        {entry.pending.length === 0 ? (
          <span className="admin-muted">None to record</span>
        ) : (
          <ul className="ingest-row-issues">
            {entry.pending.map((p) => (
              <li key={p.key}>
                {VITALS[p.kind].label} · <time dateTime={p.observedAt}>{when(p.observedAt)}</time>
              </li>
            ))}
          </ul>
        )}
      </td>
      {mayAssign ? (
        <td className="ingest-actions">
          <div className="ingest-assign">
            <select
              className="admin-field__control admin-field__select"
              aria-label={`Session for the message from ${entry.deviceId ?? 'an unknown device'}`}
              value={sessionId}
              aria-invalid={assign.error ? true : undefined}
              aria-describedby={errorText ? errorId : undefined}
              onChange={(event) => setSessionId(event.target.value)}
            >
              <option value="">Choose a running session…</option>
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.chair.label} · {s.patient.name} ({s.patient.mrn}){s.id === entry.suggestedSessionId ? ' — suggested' : ''}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--primary admin-button--small"
              disabled={!sessionId || entry.pending.length === 0 || assign.isPending}
              onClick={() =>
                assign.mutate(
                  { id: entry.id, sessionId },
                  { onSuccess: (r) => onDone(`Assigned: ${r.stored} reading${r.stored === 1 ? '' : 's'} recorded in ${session ? `${session.chair.label} · ${session.patient.name}` : 'the session'}.`) },
                )
              }
            >
              {assign.isPending ? 'Assigning…' : 'Assign'}
            </button>
          </div>
          {dismissing ? (
            <form
              className="ingest-assign"
              onSubmit={(event) => {
                event.preventDefault();
                dismiss.mutate({ id: entry.id, reason }, { onSuccess: () => onDone('Dismissed.') });
              }}
            >
              <input
                className="admin-field__control"
                aria-label="Reason for dismissing"
                placeholder="Reason (e.g. test message)"
                value={reason}
                aria-invalid={dismiss.error ? true : undefined}
                aria-describedby={errorText ? errorId : undefined}
                onChange={(event) => setReason(event.target.value)}
              />
              <button type="submit" className="button admin-button--small admin-button--quiet-danger" disabled={dismiss.isPending}>
                Dismiss
              </button>
            </form>
          ) : (
            <button type="button" className="admin-link-button" onClick={() => setDismissing(true)}>
              Dismiss…
            </button>
          )}
          {errorText ? (
            <p className="admin-field__error" id={errorId}>
              {errorText}
            </p>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
