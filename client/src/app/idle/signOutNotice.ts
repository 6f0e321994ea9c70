import { useSyncExternalStore } from 'react';

/**
 * Why the last sign-in ended when the person did not end it themselves: shown on the sign-in
 * page, cleared by the next sign-in. The first reason wins — an idle sign-out whose logout call
 * meets an already-ended sign-in still reads "after 15 minutes without activity".
 */

let notice: string | null = null;
const listeners = new Set<() => void>();

export const SIGN_IN_ENDED = 'Your sign-in has ended. Sign in again to continue.';
export const SIGNED_OUT_ELSEWHERE = 'You were signed out in another tab of this browser.';

export function noteSignOut(message: string): void {
  if (notice !== null) return;
  notice = message;
  for (const listener of listeners) listener();
}

export function clearSignOutNotice(): void {
  if (notice === null) return;
  notice = null;
  for (const listener of listeners) listener();
}

export function currentSignOutNotice(): string | null {
  return notice;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSignOutNotice(): string | null {
  return useSyncExternalStore(subscribe, currentSignOutNotice);
}
