import { wardFeed } from '../../realtime/feeds.ts';
import { useCan } from '../auth/signedInUser.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { SessionCard } from './SessionCard.tsx';
import { SessionCardPlaceholder } from './SessionCardPlaceholder.tsx';
import { WardSummary } from './WardSummary.tsx';
import { useWardSnapshot } from './wardQuery.ts';
import './WardPage.css';

const PLACEHOLDER_COUNT = 6;

/** Every running chair at a glance. Each card is memoised: one chair's reading re-renders one card. */
export function WardPage() {
  const mayRead = useCan('ward.read');
  const ward = useWardSnapshot(mayRead);
  const feedProblem = useLiveFeed(mayRead ? wardFeed : null);

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Ward overview</h1>
        <NoAccess what="the ward" />
      </div>
    );
  }

  return (
    <div className="page ward-page">
      <div className="ward-page__head">
        <h1 className="ward-page__title">Ward overview</h1>
        {ward.data ? <WardSummary sessions={ward.data.sessions} /> : null}
      </div>
      {feedProblem ? (
        <p className="ward-page__problem" role="alert">
          Live updates stopped: {feedProblem.message}
        </p>
      ) : null}
      {ward.isPending ? (
        <div className="ward-grid" aria-busy="true">
          <p className="sr-only" role="status">
            Loading the ward…
          </p>
          {Array.from({ length: PLACEHOLDER_COUNT }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
            <SessionCardPlaceholder key={index} />
          ))}
        </div>
      ) : ward.isError ? (
        <StatusMessage
          tone="error"
          title="The ward could not be loaded"
          action={
            <button type="button" className="button button--primary" onClick={() => void ward.refetch()}>
              Try again
            </button>
          }
        >
          <p>{ward.error.message}</p>
        </StatusMessage>
      ) : ward.data.sessions.length === 0 ? (
        <StatusMessage tone="empty" title="No chairs are in use">
          <p>A session appears here as soon as its patient is checked in.</p>
        </StatusMessage>
      ) : (
        <ul className="ward-grid" aria-label="Running sessions">
          {ward.data.sessions.map((session) => (
            <li key={session.id} className="ward-grid__item">
              <SessionCard session={session} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
