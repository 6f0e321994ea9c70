import { useState } from 'react';
import type { WardSnapshot } from '../../../../shared/schemas/session.ts';
import { wardFeed } from '../../realtime/feeds.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { useSlowNow } from '../../ui/clock.ts';
import { SegmentedControl } from '../../ui/SegmentedControl.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { alarmStandingKey } from '../alarms/alarmView.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { FreeChairCard } from './FreeChairCard.tsx';
import { SessionCard } from './SessionCard.tsx';
import { SessionCardPlaceholder } from './SessionCardPlaceholder.tsx';
import { WardSummary } from './WardSummary.tsx';
import { type WardEntry, type WardOrder, wardEntries } from './wardLayout.ts';
import { useWardOrder } from './wardOrder.ts';
import { useWardSnapshot } from './wardQuery.ts';
import './WardPage.css';

const PLACEHOLDER_COUNT = 6;

const ORDER_OPTIONS: ReadonlyArray<{ value: WardOrder; label: string }> = [
  { value: 'chair', label: 'Chair' },
  { value: 'urgency', label: 'Urgency' },
];

/**
 * Every chair at a glance, the physician's wall. Each card is memoised: one chair's reading
 * re-renders one card. The order is decided again only when chairs come or go, the order mode
 * changes, or (by urgency) every 15 s, so cards do not jump around with every reading.
 */
export function WardPage() {
  const mayRead = useCan('ward.read');
  const ward = useWardSnapshot(mayRead);
  const feedProblem = useLiveFeed(mayRead ? wardFeed : null);
  const [order, setOrder] = useWardOrder();

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
        {ward.data ? <WardSummary ward={ward.data} /> : null}
        <div className="ward-page__tools">
          <span className="ward-page__tool-label" aria-hidden="true">
            Order by
          </span>
          <SegmentedControl legend="Order chairs by" options={ORDER_OPTIONS} value={order} onChange={setOrder} />
        </div>
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
      ) : ward.data.chairs.length === 0 && ward.data.sessions.length === 0 ? (
        <StatusMessage tone="empty" title="No chairs are set up">
          <p>An administrator adds the clinic's chairs; they appear here at once.</p>
        </StatusMessage>
      ) : (
        <WardGrid ward={ward.data} order={order} />
      )}
    </div>
  );
}

/** The cards in their latched order; exported for the browser benchmark, which feeds it directly. */
export function WardGrid({ ward, order }: { ward: WardSnapshot; order: WardOrder }) {
  const entries = useLatchedEntries(ward, order);
  return (
    <ul className="ward-grid" aria-label="Chairs" data-order={order}>
      {entries.map((entry) => (
        <li key={entry.key} className="ward-grid__item">
          {entry.kind === 'session' ? <SessionCard session={entry.session} /> : <FreeChairCard chair={entry.chair} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * The current entries (fresh session objects, so cards update) in an order that is recomputed
 * only when its inputs change: the set of chairs and sessions, the mode, and the 15-second clock
 * when ordering by urgency.
 */
function useLatchedEntries(ward: WardSnapshot, order: WardOrder): WardEntry[] {
  const slowNow = useSlowNow();
  const membership = `${ward.sessions.map((session) => session.id).join(',')}|${ward.chairs.map((chair) => chair.id).join(',')}`;
  // A chair's alarm standing changing re-sorts at once: an alarmed chair does not wait 15 s to move up.
  const alarms = order === 'urgency' ? alarmStandingKey(ward.sessions) : '';
  const latchKey = `${order}|${order === 'urgency' ? slowNow : 0}|${membership}|${alarms}`;
  const [latched, setLatched] = useState<{ key: string; keys: readonly string[] } | null>(null);
  const current = wardEntries(ward, 'chair', slowNow);
  let keys = latched?.key === latchKey ? latched.keys : null;
  if (keys === null) {
    keys = order === 'chair' ? current.map((entry) => entry.key) : wardEntries(ward, order, slowNow).map((entry) => entry.key);
    // Remembering what this render decided is the documented way to derive state from props.
    setLatched({ key: latchKey, keys });
  }
  const byKey = new Map(current.map((entry) => [entry.key, entry]));
  return keys.map((key) => byKey.get(key)).filter((entry): entry is WardEntry => entry !== undefined);
}
