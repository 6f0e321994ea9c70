import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/ApiError.ts';
import { queryKeys } from '../api/queryKeys.ts';

/**
 * Live pages are kept current by the socket, not by polling or refetch-on-focus, so queries do
 * not go stale on their own. A 401 anywhere means the sign-in expired: the app shows sign-in.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: Error): void => {
    if (isApiError(error) && error.isSignedOut) queryClient.setQueryData(queryKeys.currentUser, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: Number.POSITIVE_INFINITY,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // Retry only what might succeed next time: no answer, or a server error.
        retry: (failureCount, error) => failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
