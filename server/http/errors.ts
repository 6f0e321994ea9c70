import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody } from '../../shared/schemas/common.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/** Turns any failure into the one error body; never a stack trace, never SQL. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const body = toErrorBody(error);
    if (body.status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(body.status).json(body.body);
  };
}

export function toErrorBody(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof DomainError) {
    return { status: error.status, body: { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
  }
  const httpError = error as { type?: string; status?: number };
  if (httpError?.type === 'entity.too.large') {
    return { status: 413, body: { error: 'payload_too_large', message: 'The request body is too large' } };
  }
  if (httpError?.type === 'entity.parse.failed') {
    return {
      status: 400,
      body: { error: 'malformed_json', message: 'The request body is not valid JSON', issues: [{ path: '', code: 'malformed_json', message: 'not valid JSON' }] },
    };
  }
  if (httpError?.status && httpError.status >= 400 && httpError.status < 500) {
    return { status: httpError.status, body: { error: 'bad_request', message: 'The request could not be read' } };
  }
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong; nothing was stored from this request' } };
}
