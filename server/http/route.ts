import type { Request, Response } from 'express';
import type { Services } from '../services.ts';
import type { Access } from './context.ts';

export type HttpMethod = 'get' | 'post';

export interface RouteContext {
  req: Request;
  res: Response;
  services: Services;
}

/**
 * Every API route is declared as data: its method, path, who may call it and its handler.
 * The permission test walks this list, so no route can exist without an entry in it.
 */
export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  access: Access;
  /** Returns the JSON body; `status` defaults to 200 (201 when `created` says so). */
  handle(ctx: RouteContext): Promise<unknown>;
  status?: 200 | 201 | 204;
  /** A download instead of JSON: the handler returns `{ filename, body }`. */
  download?: 'text/csv' | 'application/fhir+json';
}

export interface Download {
  filename: string;
  body: string;
}

export const route = (definition: RouteDefinition): RouteDefinition => definition;
