import { parse as parseCookies } from 'cookie';
import express, { type Router } from 'express';
import { SESSION_COOKIE } from '../auth/authSessions.ts';
import { DomainError } from '../domain/errors.ts';
import type { Services } from '../services.ts';
import { checkAccess, currentUser } from './context.ts';
import { API_ROUTES } from './routes/index.ts';

export const BODY_LIMIT = '1mb';

export function createApiRouter(services: Services): Router {
  const router = express.Router();
  router.use(express.json({ limit: BODY_LIMIT }));

  router.use(async (req, res, next) => {
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    res.locals.sessionToken = token;
    res.locals.user = await services.auth.resolve(token);
    next();
  });

  for (const definition of API_ROUTES) {
    router[definition.method](definition.path.replace(/^\/api/, ''), async (req, res) => {
      checkAccess(definition.access, currentUser(res));
      const body = await definition.handle({ req, res, services });
      res.status(definition.status ?? 200).json(body);
    });
  }

  router.use((req) => {
    throw new DomainError(404, 'not_found', `No API route ${req.method} ${req.originalUrl}`);
  });
  return router;
}
