import express, { type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { ServerConfig } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import type { Services } from '../services.ts';
import { authenticate } from './authentication.ts';
import { checkAccess, currentUser } from './context.ts';
import type { Download } from './route.ts';
import { API_ROUTES } from './routes/index.ts';

export const BODY_LIMIT = '1mb';
/** Sign-in attempts per client address per minute, on top of the per-account lock-out. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 30;

const tooMany = (message: string) => () => {
  throw new DomainError(429, 'rate_limited', message);
};

/** Where a limit keeps its counts: by default in this process; with several nodes, shared by them. */
export type CountStoreFor = (limitName: string) => Store | undefined;

export function createApiRouter(services: Services, config: Pick<ServerConfig, 'rateLimitPerMinute'>, countStoreFor: CountStoreFor = () => undefined): Router {
  const router = express.Router();
  const perMinute = (name: string, limit: number, message: string) =>
    rateLimit({ windowMs: 60_000, limit, standardHeaders: 'draft-7', legacyHeaders: false, handler: tooMany(message), store: countStoreFor(name) });
  router.use(perMinute('api', config.rateLimitPerMinute, 'Too many requests; slow down'));
  router.use('/auth/login', perMinute('sign-in', SIGN_IN_ATTEMPTS_PER_MINUTE, 'Too many sign-in attempts; wait a minute'));
  router.use(express.json({ limit: BODY_LIMIT }));
  router.use(authenticate(services));

  for (const definition of API_ROUTES) {
    router[definition.method](definition.path.replace(/^\/api/, ''), async (req, res) => {
      checkAccess(definition.access, currentUser(res));
      const body = await definition.handle({ req, res, services });
      if (definition.download) {
        const file = body as Download;
        res.status(200).type(definition.download).attachment(file.filename).send(file.body);
        return;
      }
      res.status(definition.status ?? 200).json(body);
    });
  }

  router.use((req) => {
    throw new DomainError(404, 'not_found', `No API route ${req.method} ${req.originalUrl}`);
  });
  return router;
}
