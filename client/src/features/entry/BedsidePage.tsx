import { Link } from 'wouter';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { pendingFromOtherUsers } from '../../offline/outboxRegistry.ts';
import { useOutboxState } from '../../offline/useOutbox.ts';
import { wardFeed } from '../../realtime/feeds.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan, useSignedInUser } from '../auth/signedInUser.ts';
import { useWardSnapshot } from '../overview/wardQuery.ts';
import './entry.css';
import { useDocumentTitle } from '../../ui/useDocumentTitle.ts';

/** Which chair am I at? Every running session as a large target, straight into its entry screen. */
export function BedsidePage() {
  const mayRead = useCan('ward.read');
  const maySchedule = useCan('session.create');
  const ward = useWardSnapshot(mayRead);
  useLiveFeed(mayRead ? wardFeed : null);
  const { entries } = useOutboxState();
  const user = useSignedInUser();
  const othersWaiting = pendingFromOtherUsers(user.id);

  useDocumentTitle('Bedside');

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Bedside</h1>
        <NoAccess what="the ward" />
      </div>
    );
  }

  const sessions = ward.data ? [...ward.data.sessions].sort((a, b) => a.chair.label.localeCompare(b.chair.label, undefined, { numeric: true })) : [];
  return (
    <div className="page bedside-page">
      <div className="bedside-page__head">
        <h1 className="bedside-page__title">Which chair are you at?</h1>
        {maySchedule ? (
          <Link href="/schedule" className="button entry-button">
            Schedule or check in a patient
          </Link>
        ) : null}
      </div>
      {othersWaiting > 0 ? (
        <p className="entry-notice entry-notice--danger bedside-page__others">
          {othersWaiting} {othersWaiting === 1 ? 'entry' : 'entries'} made on this device by someone else {othersWaiting === 1 ? 'has' : 'have'} not
          reached the server. They are sent when that person signs in here again.
        </p>
      ) : null}
      {ward.isPending ? (
        <StatusMessage tone="loading" title="Loading the chairs…" />
      ) : ward.isError ? (
        <StatusMessage
          tone="error"
          title="The chairs could not be loaded"
          action={
            <button type="button" className="button button--primary" onClick={() => void ward.refetch()}>
              Try again
            </button>
          }
        >
          <p>{ward.error.message}</p>
        </StatusMessage>
      ) : sessions.length === 0 ? (
        <StatusMessage
          tone="empty"
          title="No patient is checked in"
          action={
            maySchedule ? (
              <Link href="/schedule" className="button button--primary">
                Check in a patient
              </Link>
            ) : undefined
          }
        />
      ) : (
        <ul className="bedside-grid" aria-label="Chairs in use">
          {sessions.map((session) => {
            const waiting = entries.filter((entry) => entry.sessionId === session.id && entry.status !== 'sent').length;
            return (
              <li key={session.id}>
                <Link href={`/sessions/${session.id}/record`} className="bedside-chair" data-session-id={session.id}>
                  <span className="bedside-chair__chair">
                    {session.chair.label}
                    {session.chair.room ? <span className="bedside-chair__room"> · {session.chair.room}</span> : null}
                  </span>
                  <span className="bedside-chair__name">{session.patient.name}</span>
                  <span className="bedside-chair__meta">
                    <PhaseBadge phase={session.phase} />
                    {waiting > 0 ? <span className="bedside-chair__waiting">{waiting} not sent</span> : null}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
