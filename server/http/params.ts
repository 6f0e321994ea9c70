import type { Request } from 'express';
import { z } from 'zod';
import { idSchema } from '../../shared/schemas/common.ts';
import { validate } from '../domain/validate.ts';

const idParam = z.object({ id: idSchema });

/** The `:id` of a route, checked to be a UUID so a typo gets a 422 naming the field. */
export function idFrom(req: Request): string {
  return validate(idParam, req.params).id;
}

export function bodyOf(req: Request): unknown {
  return req.body ?? {};
}
