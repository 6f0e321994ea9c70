import type { Response } from 'express';
import { loginSchema } from '../../../shared/schemas/auth.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../auth/authSessions.ts';
import { audit } from '../../domain/audit.ts';
import { DomainError } from '../../domain/errors.ts';
import { validate } from '../../domain/validate.ts';
import { PUBLIC, SIGNED_IN, actorFor, currentUser } from '../context.ts';
import { route } from '../route.ts';

function setSignInCookies(res: Response, secure: boolean, token: string, csrfToken: string, expiresAt: string): void {
  const common = { sameSite: 'strict' as const, secure, path: '/', expires: new Date(expiresAt) };
  res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  // Readable by our page so it can echo it as a header; other sites can neither read nor send it.
  res.cookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export const authRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    access: PUBLIC,
    async handle({ req, res, services }) {
      const { username, password } = validate(loginSchema, req.body);
      const at = new Date().toISOString();
      const outcome = await services.auth.signIn(username, password, req.ip ?? null);
      const anonymous = { ip: req.ip ?? null, username };
      if (outcome.kind === 'locked') {
        await audit(services.db, null, { action: 'auth.signInRefusedLocked', entityType: 'user', entityId: outcome.userId, after: anonymous, sourceIp: req.ip ?? null }, at);
        throw new DomainError(423, 'account_locked', 'This account is locked after repeated failed sign-ins; ask an administrator to unlock it');
      }
      if (outcome.kind === 'invalid') {
        await audit(services.db, null, { action: 'auth.signInFailed', entityType: 'user', entityId: outcome.userId, after: anonymous, sourceIp: req.ip ?? null }, at);
        if (outcome.lockedNow) {
          await audit(services.db, null, { action: 'auth.accountLocked', entityType: 'user', entityId: outcome.userId, after: anonymous, sourceIp: req.ip ?? null }, at);
        }
        throw new DomainError(401, 'invalid_credentials', 'Wrong user name or password');
      }
      const { user, token, csrfToken, expiresAt } = outcome;
      await audit(services.db, actorFor(req, user), { action: 'auth.signedIn', entityType: 'user', entityId: user.id }, at);
      setSignInCookies(res, req.secure, token, csrfToken, expiresAt);
      return { user, idleMinutes: services.auth.policy.idleMinutes };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    access: SIGNED_IN,
    async handle({ req, res, services }) {
      const token = res.locals.sessionToken as string | undefined;
      const user = currentUser(res);
      if (token) await services.auth.signOut(token);
      if (user) {
        await audit(services.db, actorFor(req, user), { action: 'auth.signedOut', entityType: 'user', entityId: user.id }, new Date().toISOString());
      }
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/auth/activity',
    // The page reports the person's keyboard and pointer activity; it keeps the sign-in from idling out.
    access: SIGNED_IN,
    async handle({ res, services }) {
      // The page limits how often it reports; each report counts in full.
      const token = res.locals.sessionToken as string | undefined;
      if (token) await services.auth.touch(token, true);
      return { ok: true, idleMinutes: services.auth.policy.idleMinutes };
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    // Answers "nobody" rather than 401, so a signed-out page load is not an error.
    access: PUBLIC,
    async handle({ res, services }) {
      return { user: currentUser(res), idleMinutes: services.auth.policy.idleMinutes };
    },
  }),
];
