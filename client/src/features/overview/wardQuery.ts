import { useQuery } from '@tanstack/react-query';
import type { WardSnapshot } from '../../../../shared/schemas/session.ts';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

/** The ward snapshot; `useLiveFeed(wardFeed)` keeps it current from the socket afterwards. */
export function useWardSnapshot(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.ward,
    enabled,
    queryFn: ({ signal }) => getJson<WardSnapshot>('/api/ward', signal),
  });
}
