import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ObservationFilter, SessionSeries } from '../../../../shared/schemas/series.ts';
import type { ObservationPage, SessionRecord } from '../../../../shared/schemas/session.ts';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import type { ObservationPages } from '../../realtime/pagesPatch.ts';
import { type CachedSeries, cacheSeries } from '../../realtime/seriesPatch.ts';

const base = (sessionId: string): string => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The session, its latest readings and notes; `useLiveFeed(sessionFeed(id))` keeps it current. */
export function useSessionRecord(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.session(sessionId),
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ session: SessionRecord }>(base(sessionId), signal)).session,
  });
}

/**
 * Every current reading of the session as chart columns, at full resolution (the server thins only
 * past 20 000 points a kind). Asked for once the record is in, so the live feed already follows
 * the session and appends what arrives after.
 */
export function useSessionSeries(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sessionSeries(sessionId),
    enabled,
    // Columns of thousands of numbers: a live append replaces one column; comparing them all
    // deeply on every update (structural sharing) would cost more than the chart.
    structuralSharing: false,
    queryFn: async ({ signal }): Promise<CachedSeries> => cacheSeries(await getJson<SessionSeries>(`${base(sessionId)}/series`, signal)),
  });
}

/** A zoomed window at full resolution, for when the whole-session columns came thinned. */
export function useSeriesWindow(sessionId: string, window: { from: number; to: number } | null) {
  return useQuery({
    queryKey: queryKeys.sessionSeriesWindow(sessionId, window?.from ?? 0, window?.to ?? 0),
    enabled: window !== null,
    placeholderData: keepPreviousData,
    gcTime: 60_000,
    structuralSharing: false,
    queryFn: async ({ signal }): Promise<CachedSeries> =>
      cacheSeries(await getJson<SessionSeries>(`${base(sessionId)}/series?from=${window?.from ?? 0}&to=${window?.to ?? 0}`, signal)),
  });
}

export const OBSERVATION_PAGE_SIZE = 50;

/** The observation table, newest first, a page at a time; the live feed patches loaded pages. */
export function useObservationPages(sessionId: string, filter: ObservationFilter, enabled: boolean) {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: queryKeys.observationPages(sessionId, filter),
    enabled,
    initialPageParam: null as string | null,
    getNextPageParam: (page: ObservationPage) => page.nextBefore,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam, signal }) => {
      // Where the feed had got to when we asked: the page holds at least that much.
      const seq = queryClient.getQueryData<SessionRecord>(queryKeys.session(sessionId))?.seq ?? 0;
      const query = new URLSearchParams({ limit: String(OBSERVATION_PAGE_SIZE), filter });
      if (pageParam) query.set('before', pageParam);
      const page = await getJson<ObservationPage>(`${base(sessionId)}/observations?${query.toString()}`, signal);
      return { ...page, seq };
    },
    select: (data): ObservationPages => data,
  });
}
