import { hashKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';
import { isApiError } from '../../api/ApiError.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

/** Who is signed in; `null` when nobody is (a 401 is an answer here, not an error). */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: async ({ signal }): Promise<SessionUser | null> => {
      try {
        return (await getJson<{ user: SessionUser }>('/api/auth/me', signal)).user;
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      postJson<{ user: SessionUser }>('/api/auth/login', credentials),
    onSuccess: ({ user }) => {
      // Nothing cached belongs to the next user.
      const signInKey = hashKey(queryKeys.currentUser);
      queryClient.removeQueries({ predicate: (query) => query.queryHash !== signInKey });
      queryClient.setQueryData(queryKeys.currentUser, user);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ ok: true }>('/api/auth/logout'),
    // Signed out locally even if the server could not be told: the screen must not stay open.
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.currentUser, null);
    },
  });
}
