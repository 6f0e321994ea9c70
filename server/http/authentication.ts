import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/authSessions.ts';
import { DomainError } from '../domain/errors.ts';
import type { Services } from '../services.ts';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Who is calling: a device by its bearer token, or a person by the session cookie. A cookie-
 * authenticated write must also carry the sign-in's CSRF token in a header (the page reads it
 * from a cookie another site cannot read), and come from this origin.
 */
export function authenticate(services: Services) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const bearer = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const device = await services.deviceTokens.resolve(bearer);
      if (!device) throw new DomainError(401, 'invalid_token', 'The device token is unknown or revoked');
      res.locals.user = device;
      res.locals.viaDeviceToken = true;
      return next();
    }
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    res.locals.sessionToken = token;
    const resolved = await services.auth.resolve(token);
    res.locals.user = resolved?.user ?? null;
    if (resolved && token && isWrite(req)) {
      checkSameOrigin(req);
      if (!resolved.csrfToken || req.get(CSRF_HEADER) !== resolved.csrfToken) {
        throw new DomainError(403, 'csrf_failed', 'This write did not carry the sign-in’s CSRF token; reload the page');
      }
      // A write is activity: it keeps the sign-in from idling out.
      await services.auth.touch(token);
    }
    next();
  };
}

const isWrite = (req: Request): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(req.method);

/** Browsers send Origin on cross-site writes; one that names another site is refused outright. */
export function checkSameOrigin(req: Request): void {
  const origin = req.get('origin');
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError(403, 'cross_origin', 'Cross-site requests are not accepted');
  }
  if (originHost !== req.get('host')) throw new DomainError(403, 'cross_origin', 'Cross-site requests are not accepted');
}
