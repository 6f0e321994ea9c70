import { type QueryClient, hashKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';
import { NO_RESPONSE, isApiError } from '../../api/ApiError.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

/**
 * A sign-out the server has not heard of yet (the tablet was offline). The cookie is the server's
 * and cannot be dropped from here, so until the server is told, the next load of the page would
 * be signed in again as whoever left: it tells the server first.
 */
const UNFINISHED_SIGN_OUT = 'chairside-sign-out-unfinished';

function markSignOutUnfinished(unfinished: boolean): void {
  try {
    if (unfinished) window.localStorage.setItem(UNFINISHED_SIGN_OUT, '1');
    else window.localStorage.removeItem(UNFINISHED_SIGN_OUT);
  } catch {
    // Storage blocked: the server's idle sign-out is the only fallback left.
  }
}

function signOutUnfinished(): boolean {
  try {
    return window.localStorage.getItem(UNFINISHED_SIGN_OUT) !== null;
  } catch {
    return false;
  }
}

/** Ends the sign-in the server still holds, if an offline sign-out left one; true when there was one. */
async function finishSignOut(): Promise<boolean> {
  if (!signOutUnfinished()) return false;
  try {
    await postJson<{ ok: true }>('/api/auth/logout');
  } catch (error) {
    // Still no answer: stay signed out here and try again next time.
    if (!isApiError(error) || error.status === NO_RESPONSE) return true;
  }
  markSignOutUnfinished(false);
  return true;
}

/** Who is signed in; `null` when nobody is. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: async ({ signal }): Promise<SessionUser | null> => {
      if (await finishSignOut()) return null;
      return (await getJson<{ user: SessionUser | null }>('/api/auth/me', signal)).user;
    },
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: { username: string; password: string }) => {
      // The one who left offline is signed out on the server before anyone signs in here.
      await finishSignOut();
      return postJson<{ user: SessionUser }>('/api/auth/login', credentials);
    },
    onSuccess: ({ user }) => {
      markSignOutUnfinished(false);
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
    // Not held back while the browser is offline (the default for mutations): the screen must
    // close now; the server's sign-in ends by itself when idle.
    networkMode: 'always',
    mutationFn: () => postJson<{ ok: true }>('/api/auth/logout'),
    onError: (error) => {
      if (isApiError(error) && error.status === NO_RESPONSE) markSignOutUnfinished(true);
    },
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
