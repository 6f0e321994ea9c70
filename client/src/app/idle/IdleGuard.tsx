import { type QueryClient, hashKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';
import { isApiError } from '../../api/ApiError.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { useSignOut } from '../../features/auth/authQueries.ts';
import { IdleWarningDialog } from './IdleWarningDialog.tsx';
import { type IdlePolicy, type IdleSnapshot, IdleTimer, describeIdleTime, idlePolicy } from './idleTimer.ts';
import { type TabChannel, type TabMessage, openTabChannel } from './tabChannel.ts';
import { SIGNED_OUT_ELSEWHERE, SIGN_IN_ENDED, clearSignOutNotice, currentSignOutNotice, noteSignOut } from './signOutNotice.ts';

/** What counts as the person being at the screen. Mouse movement does; a socket push does not. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
/** Other tabs hear of activity at most this often. */
const BROADCAST_EVERY_MS = 1_000;

/**
 * Signs the person out after the server's idle time without activity, with a minute's warning,
 * and takes them back to sign-in with a reason whenever their sign-in ends some other way (the
 * server ended it, a call answered 401, the socket was refused, another tab signed out).
 * Mounted once per sign-in, inside the auth gate.
 */
export function IdleGuard({ user }: { user: SessionUser }) {
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const idleMinutes = useIdleMinutes(queryClient);
  const policy = useMemo(() => (idleMinutes === undefined ? null : idlePolicy(idleMinutes)), [idleMinutes]);
  const [snapshot, setSnapshot] = useState<IdleSnapshot | null>(null);
  const timerRef = useRef<IdleTimer | null>(null);
  const signOutRef = useRef(signOut.mutate);

  useEffect(() => {
    signOutRef.current = signOut.mutate;
  }, [signOut.mutate]);

  // A new sign-in: the reason the previous one ended has been read.
  useEffect(() => clearSignOutNotice(), []);

  useEffect(() => {
    // One channel per tab and sign-in: a tab's channels would otherwise hear each other.
    const channel = openTabChannel(user.id);
    const stopWatching = watchSignInEnding(queryClient, channel);
    const idle = policy ? startIdleTimer(policy, queryClient, channel, setSnapshot, () => signOutRef.current()) : null;
    const timer = idle?.timer ?? null;
    timerRef.current = timer;
    const unlisten = channel.listen((message: TabMessage) => {
      if (message.type === 'activity') timer?.remoteActivity(message.at);
      else showSignInHere(queryClient, message.notice ?? SIGNED_OUT_ELSEWHERE);
    });
    return () => {
      unlisten();
      idle?.dispose();
      timerRef.current = null;
      stopWatching();
      channel.close();
    };
  }, [policy, queryClient, user.id]);

  if (!policy || snapshot?.phase !== 'warning') return null;
  return (
    <IdleWarningDialog
      deadline={snapshot.deadline}
      idleText={describeIdleTime(policy.idleMs)}
      onStay={() => timerRef.current?.stay()}
      onSignOut={() => signOut.mutate()}
    />
  );
}

/** The server's idle time, from "who am I" (which also says whether the sign-in still holds). */
function useIdleMinutes(queryClient: QueryClient): number | undefined {
  return useQuery({
    queryKey: queryKeys.idleMinutes,
    queryFn: async ({ signal }) => {
      const answer = await getJson<{ user: SessionUser | null; idleMinutes?: number }>('/api/auth/me', signal);
      if (!answer.user) queryClient.setQueryData(queryKeys.currentUser, null);
      return answer.idleMinutes ?? 0;
    },
  }).data;
}

/** Tells the server the person is active; a 401 means the sign-in had already ended. */
async function reportActivity(queryClient: QueryClient): Promise<void> {
  try {
    const answer = await postJson<{ ok: true; idleMinutes?: number }>('/api/auth/activity');
    // The policy may have changed since sign-in; the timer restarts with the new one.
    if (typeof answer.idleMinutes === 'number' && answer.idleMinutes !== queryClient.getQueryData(queryKeys.idleMinutes)) {
      queryClient.setQueryData(queryKeys.idleMinutes, answer.idleMinutes);
    }
  } catch (error) {
    if (isApiError(error) && error.isSignedOut) queryClient.setQueryData(queryKeys.currentUser, null);
    // Anything else (no connection) is not the person's doing: the next report tries again.
  }
}

/**
 * Every way out of a sign-in ends with "who am I" becoming nobody. A deliberate sign-out (the
 * sign-out call is in flight) is told to the other tabs; anything else is the sign-in ending
 * under the person, and the sign-in page says so.
 */
function watchSignInEnding(queryClient: QueryClient, channel: TabChannel): () => void {
  const userHash = hashKey(queryKeys.currentUser);
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.query.queryHash !== userHash) return;
    if (event.query.state.data !== null) return;
    if (queryClient.isMutating({ mutationKey: queryKeys.signOut }) > 0) {
      channel.post({ type: 'signedOut', notice: currentSignOutNotice() });
    } else {
      noteSignOut(SIGN_IN_ENDED);
    }
  });
}

/**
 * The idle clock, fed by this tab's keyboard, pointer and touch events; other tabs hear of the
 * activity (at most once a second) so a tab left in the background does not sign out the one in use.
 */
function startIdleTimer(
  policy: IdlePolicy,
  queryClient: QueryClient,
  channel: TabChannel,
  onSnapshot: (snapshot: IdleSnapshot) => void,
  signOut: () => void,
): { timer: IdleTimer; dispose: () => void } {
  let lastBroadcast = Number.NEGATIVE_INFINITY;
  const timer = new IdleTimer({
    policy,
    report: () => void reportActivity(queryClient),
    onChange: (next) => {
      onSnapshot(next);
      if (next.phase === 'expired') {
        noteSignOut(`Signed out after ${describeIdleTime(policy.idleMs)} without activity.`);
        signOut();
      }
    },
  });
  const onActivity = () => {
    if (!timer.activity()) return;
    const now = Date.now();
    if (now - lastBroadcast < BROADCAST_EVERY_MS) return;
    lastBroadcast = now;
    channel.post({ type: 'activity', at: now });
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') timer.check();
  };
  const options = { capture: true, passive: true } as const;
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, options);
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', onVisible);
  timer.start();
  onSnapshot(timer.snapshot());
  return {
    timer,
    dispose: () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, options);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
      timer.stop();
    },
  };
}

/** Another tab ended the shared sign-in: show sign-in here too, and keep nothing on screen. */
function showSignInHere(queryClient: QueryClient, notice: string): void {
  noteSignOut(notice);
  const userHash = hashKey(queryKeys.currentUser);
  queryClient.setQueryData(queryKeys.currentUser, null);
  queryClient.removeQueries({ predicate: (query) => query.queryHash !== userHash });
}
