import { useMemo } from 'react';
import { sessionFeed } from '../../realtime/feeds.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { useCan } from '../auth/signedInUser.ts';
import { useSessionRecord } from './sessionQuery.ts';

/**
 * One session's record for a page that shows it, kept live while the page is open. Nothing is
 * asked of the server, nor followed, when the user may not read sessions: the page then says so.
 */
export function useLiveSessionRecord(sessionId: string) {
  const mayRead = useCan('session.read');
  const record = useSessionRecord(sessionId, mayRead);
  const feed = useMemo(() => (mayRead ? sessionFeed(sessionId) : null), [sessionId, mayRead]);
  const feedProblem = useLiveFeed(feed);
  return { mayRead, record, feedProblem };
}
