import type { Request, Response } from 'express';
import { type Action, can } from '../../shared/auth/permissions.ts';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import { type Actor, actorFromUser } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';

/** Who the request is from; set by the authentication middleware. */
export function currentUser(res: Response): SessionUser | null {
  return (res.locals.user as SessionUser | undefined) ?? null;
}

export function actorFor(req: Request, user: SessionUser): Actor {
  return actorFromUser(user, req.ip ?? null);
}

/** Who may call a route: anyone, any signed-in user, or holders of one action in the table. */
export type Access = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'action'; action: Action };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signedIn' };
export const requires = (action: Action): Access => ({ kind: 'action', action });

export function checkAccess(access: Access, user: SessionUser | null): void {
  if (access.kind === 'public') return;
  if (!user) throw new DomainError(401, 'unauthenticated', 'Sign in first');
  if (access.kind === 'action' && !can(user.roles, access.action)) {
    throw new DomainError(403, 'forbidden', `Your role may not ${access.action}`);
  }
}

/** The actor of a route that `checkAccess` has already let through. */
export function requireActor(req: Request, res: Response): Actor {
  const user = currentUser(res);
  if (!user) throw new DomainError(401, 'unauthenticated', 'Sign in first');
  return actorFor(req, user);
}
