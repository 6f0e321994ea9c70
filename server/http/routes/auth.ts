import { loginSchema } from '../../../shared/schemas/auth.ts';
import { SESSION_COOKIE } from '../../auth/authSessions.ts';
import { audit } from '../../domain/audit.ts';
import { DomainError } from '../../domain/errors.ts';
import { validate } from '../../domain/validate.ts';
import { PUBLIC, SIGNED_IN, actorFor, currentUser } from '../context.ts';
import { route } from '../route.ts';

export const authRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    access: PUBLIC,
    async handle({ req, res, services }) {
      const { username, password } = validate(loginSchema, req.body);
      const at = new Date().toISOString();
      const signedIn = await services.auth.signIn(username, password);
      if (!signedIn) {
        await audit(services.db, null, { action: 'auth.signInFailed', entityType: 'user', entityId: null, after: { username, ip: req.ip } }, at);
        throw new DomainError(401, 'invalid_credentials', 'Wrong user name or password');
      }
      const { user, token, expiresAt } = signedIn;
      await audit(
        services.db,
        actorFor(req, user),
        { action: 'auth.signedIn', entityType: 'user', entityId: user.id },
        at,
      );
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/',
        expires: new Date(expiresAt),
      });
      return { user };
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
        await audit(
          services.db,
          actorFor(req, user),
          { action: 'auth.signedOut', entityType: 'user', entityId: user.id },
          new Date().toISOString(),
        );
      }
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    // Answers "nobody" rather than 401, so a signed-out page load is not an error.
    access: PUBLIC,
    async handle({ res }) {
      return { user: currentUser(res) };
    },
  }),
];
