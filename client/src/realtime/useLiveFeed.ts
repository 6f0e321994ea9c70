import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LiveFeed, type LiveFeedProblem, type LiveFeedSpec } from './LiveFeed.ts';
import { useSocket } from './socketContext.ts';

/**
 * Keeps the query named by `spec` live while the calling component is mounted. Pass a stable
 * spec (a module constant or `useMemo`): a new spec object means a new subscription; `null`
 * follows nothing (e.g. the user may not read it). Returns a problem when the server refused
 * the subscription, for the page to show.
 */
export function useLiveFeed<TSnapshot extends { seq: number }>(spec: LiveFeedSpec<TSnapshot> | null): LiveFeedProblem {
  const socket = useSocket();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<LiveFeedProblem>(null);

  useEffect(() => {
    if (!spec) return;
    const feed = new LiveFeed(socket, queryClient, spec, setProblem);
    feed.start();
    return () => feed.stop();
  }, [socket, queryClient, spec]);

  return problem;
}
