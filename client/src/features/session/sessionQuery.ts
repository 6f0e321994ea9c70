import { useQuery } from '@tanstack/react-query';
import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

/** Everything about one session; `useLiveFeed(sessionFeed(id))` keeps it current. */
export function useSessionRecord(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.session(sessionId),
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ session: SessionRecord }>(`/api/sessions/${encodeURIComponent(sessionId)}`, signal)).session,
  });
}
