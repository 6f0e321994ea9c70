import { createContext, useContext } from 'react';
import type { Action } from '../../../../shared/auth/permissions.ts';
import { can } from '../../../../shared/auth/permissions.ts';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';

/** Set by the auth gate for the signed-in part of the app, so pages never see "no user". */
export const SignedInUserContext = createContext<SessionUser | null>(null);

export function useSignedInUser(): SessionUser {
  const user = useContext(SignedInUserContext);
  if (!user) throw new Error('useSignedInUser is only for pages behind the auth gate');
  return user;
}

/** The shared permission table decides what a page offers; the server enforces the same table. */
export function useCan(action: Action): boolean {
  return can(useSignedInUser().roles, action);
}
