import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import type { WardSnapshot } from '../../realtime/wardPatch.ts';

/** The ward snapshot; `useLiveFeed(wardFeed)` keeps it current from the socket afterwards. */
export function useWardSnapshot(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.ward,
    enabled,
    queryFn: ({ signal }) => getJson<WardSnapshot>('/api/ward', signal),
  });
}
