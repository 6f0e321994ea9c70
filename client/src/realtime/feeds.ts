import type { QueryKey } from '@tanstack/react-query';
import type { ObservationFilter } from '../../../shared/schemas/series.ts';
import type { SessionRecord } from '../../../shared/schemas/session.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { type LiveFeedSpec, emitSubscribe, liveFeedCompanion } from './LiveFeed.ts';
import { type ObservationPages, patchObservationPages } from './pagesPatch.ts';
import { patchSessionRecord } from './sessionPatch.ts';
import { type CachedSeries, patchSeries } from './seriesPatch.ts';
import { type WardSnapshot, patchWard } from './wardPatch.ts';

export const wardFeed: LiveFeedSpec<WardSnapshot> = {
  queryKey: queryKeys.ward,
  subscribe: (socket, since) => emitSubscribe(socket, { event: 'ward:subscribe', since }),
  unsubscribe: (socket) => {
    socket.emit('ward:unsubscribe');
  },
  accepts: () => true,
  patch: patchWard,
};

const FILTERS: readonly ObservationFilter[] = ['all', 'manual', 'abnormal'];

function filterOf(queryKey: QueryKey): ObservationFilter {
  const filter = queryKey[3];
  return FILTERS.find((candidate) => candidate === filter) ?? 'all';
}

/**
 * One session room feeds three caches: the record (latest readings, notes, events), the chart
 * columns (appended point by point) and the observation table's loaded pages.
 */
export function sessionFeed(sessionId: string): LiveFeedSpec<SessionRecord> {
  return {
    queryKey: queryKeys.session(sessionId),
    subscribe: (socket, since) => emitSubscribe(socket, { event: 'session:subscribe', sessionId, since }),
    unsubscribe: (socket) => {
      socket.emit('session:unsubscribe', { sessionId });
    },
    // The socket may also be in the ward room; only this session's changes belong here.
    accepts: (change) => change.sessionId === sessionId,
    patch: patchSessionRecord,
    companions: [
      liveFeedCompanion<CachedSeries>({
        queryKey: queryKeys.sessionSeriesAll(sessionId),
        arrivedAt: (series) => series.seq,
        position: { of: (series) => series.seq, with: (series, seq) => ({ ...series, seq }) },
        patch: (series, change) => patchSeries(series, change),
      }),
      liveFeedCompanion<ObservationPages>({
        queryKey: queryKeys.observationPagesAll(sessionId),
        // The page fetched last (a new filter's first page, or an older page) is the one that
        // may have missed a change on its way.
        arrivedAt: (pages) => pages.pages.at(-1)?.seq ?? 0,
        patch: (pages, change, queryKey) => patchObservationPages(pages, change, filterOf(queryKey)),
      }),
    ],
  };
}
