import { type QueryClient, hashKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

/** Who is signed in; `null` when nobody is. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: async ({ signal }): Promise<SessionUser | null> =>
      (await getJson<{ user: SessionUser | null }>('/api/auth/me', signal)).user,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      postJson<{ user: SessionUser }>('/api/auth/login', credentials),
    onSuccess: ({ user }) => {
      forgetEverythingButTheUser(queryClient);
      queryClient.setQueryData(queryKeys.currentUser, user);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    // The key tells a deliberate sign-out from a sign-in that ended by itself (app/idle).
    mutationKey: queryKeys.signOut,
    mutationFn: () => postJson<{ ok: true }>('/api/auth/logout'),
    // Signed out locally even if the server could not be told: the screen must not stay open.
    onSettled: () => {
      queryClient.setQueryData(queryKeys.currentUser, null);
      forgetEverythingButTheUser(queryClient);
    },
  });
}

/**
 * Nothing cached may be shown to the next person at this screen. The "who am I" entry stays:
 * the auth gate observes it, and removing it would leave the gate watching a dead query.
 */
function forgetEverythingButTheUser(queryClient: QueryClient): void {
  const userKey = hashKey(queryKeys.currentUser);
  queryClient.removeQueries({ predicate: (query) => query.queryHash !== userKey });
}
