import type { Request } from 'express';
import { hl7PostSchema } from '../../shared/ingest/schemas.ts';
import { DomainError } from '../domain/errors.ts';
import { validate } from '../domain/validate.ts';
import { requireActor, requires } from '../http/context.ts';
import { bodyOf, idFrom } from '../http/params.ts';
import { route } from '../http/route.ts';

/** Largest HL7 text body accepted on `POST /api/ingest/hl7` (same as the JSON limit). */
const MAX_TEXT_BODY = 1024 * 1024;
const TEXT_TYPES = /^(text\/plain|x-application\/hl7-v2\+er7|application\/hl7-v2(\+er7)?)\b/i;

/** The body of a text/plain (or HL7 ER7) request, which the JSON parser leaves unread. */
async function readText(req: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_TEXT_BODY) throw new DomainError(413, 'payload_too_large', 'The request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function hl7Body(req: Request): Promise<string[]> {
  if (TEXT_TYPES.test(req.get('content-type') ?? '')) {
    const text = await readText(req);
    if (text.trim() === '') throw new DomainError(422, 'validation_failed', 'body: send an HL7 message', [{ path: 'body', code: 'too_small', message: 'send an HL7 message' }]);
    return [text];
  }
  const body = validate(hl7PostSchema, bodyOf(req));
  return 'message' in body ? [body.message] : body.messages;
}

export const ingestRoutes = [
  route({
    method: 'post',
    path: '/api/ingest/hl7',
    access: requires('observation.record'),
    async handle({ req, res, services }) {
      const actor = requireActor(req, res);
      const outcomes = [];
      for (const text of await hl7Body(req)) outcomes.push(...(await services.ingest.receive(actor, text, 'http')));
      return { acks: outcomes };
    },
  }),
  route({
    method: 'get',
    path: '/api/ingest/status',
    access: requires('ingest.read'),
    async handle({ services }) {
      return services.ingest.status();
    },
  }),
  route({
    method: 'get',
    path: '/api/ingest/device-mappings',
    access: requires('ingest.read'),
    async handle({ services }) {
      return { mappings: await services.ingest.listMappings() };
    },
  }),
  route({
    method: 'post',
    path: '/api/ingest/device-mappings',
    access: requires('ingest.manage'),
    status: 201,
    async handle({ req, res, services }) {
      const { mapping } = await services.ingest.createMapping(requireActor(req, res), bodyOf(req));
      return { mapping };
    },
  }),
  route({
    method: 'post',
    path: '/api/ingest/device-mappings/:id',
    access: requires('ingest.manage'),
    async handle({ req, res, services }) {
      return { mapping: await services.ingest.updateMapping(requireActor(req, res), idFrom(req), bodyOf(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/ingest/inbox',
    access: requires('ingest.read'),
    async handle({ req, services }) {
      return { entries: await services.ingest.listInbox(req.query) };
    },
  }),
  route({
    method: 'post',
    path: '/api/ingest/inbox/:id/assign',
    access: requires('ingest.assign'),
    async handle({ req, res, services }) {
      return services.ingest.assignInbox(requireActor(req, res), idFrom(req), bodyOf(req));
    },
  }),
  route({
    method: 'post',
    path: '/api/ingest/inbox/:id/dismiss',
    access: requires('ingest.assign'),
    async handle({ req, res, services }) {
      return { entry: await services.ingest.dismissInbox(requireActor(req, res), idFrom(req), bodyOf(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/imports/preview',
    access: requires('ingest.import'),
    async handle({ req, res, services }) {
      return { preview: await services.imports.preview(requireActor(req, res), bodyOf(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/imports/commit',
    access: requires('ingest.import'),
    status: 201,
    async handle({ req, res, services }) {
      return services.imports.commit(requireActor(req, res), bodyOf(req));
    },
  }),
  route({
    method: 'get',
    path: '/api/imports/column-mappings',
    access: requires('ingest.import'),
    async handle({ services }) {
      return { mappings: await services.imports.listColumnMappings() };
    },
  }),
];
