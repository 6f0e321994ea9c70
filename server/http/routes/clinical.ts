import { z } from 'zod';
import { enteredInErrorSchema, observationBatchSchema } from '../../../shared/schemas/observation.ts';
import { observationPageQuerySchema, seriesQuerySchema } from '../../../shared/schemas/series.ts';
import { sessionListQuerySchema } from '../../../shared/schemas/session.ts';
import { sideEffectBatchSchema } from '../../../shared/schemas/sideEffect.ts';
import { ACTIVE_PHASES, type SessionPhase } from '../../../shared/session/phase.ts';
import { audit } from '../../domain/audit.ts';
import { changesSince } from '../../domain/changeLog.ts';
import {
  getSessionRecord,
  getSessionSummary,
  headSeq,
  listSessions,
  observationPage,
  sessionSeries,
  wardSnapshot,
} from '../../domain/sessionQueries.ts';
import { validate } from '../../domain/validate.ts';
import { requireActor, requires } from '../context.ts';
import { bodyOf, idFrom } from '../params.ts';
import { route } from '../route.ts';

const sinceQuery = z.object({ since: z.coerce.number().int().min(0).default(0), sessionId: z.uuid().optional() });

export const clinicalRoutes = [
  route({
    method: 'get',
    path: '/api/ward',
    access: requires('ward.read'),
    async handle({ services }) {
      return wardSnapshot(services.db);
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions',
    access: requires('session.read'),
    async handle({ req, services }) {
      const { phase } = validate(sessionListQuerySchema, req.query);
      const phases: readonly SessionPhase[] | 'all' = phase === 'active' ? ACTIVE_PHASES : phase === 'all' ? 'all' : [phase];
      return { sessions: await listSessions(services.db, phases) };
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions',
    access: requires('session.create'),
    status: 201,
    async handle(ctx) {
      return { session: await ctx.services.sessions.createSession(requireActor(ctx.req, ctx.res), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id',
    access: requires('session.read'),
    async handle({ req, res, services }) {
      const session = await getSessionRecord(services.db, idFrom(req));
      // Opening a patient's record is itself part of the audit trail.
      await audit(services.db, requireActor(req, res), { action: 'session.viewed', entityType: 'session', entityId: session.id, after: { patientId: session.patient.id } }, new Date().toISOString());
      return { session };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/series',
    access: requires('session.read'),
    async handle({ req, services }) {
      const window = validate(seriesQuerySchema, req.query);
      return sessionSeries(services.db, idFrom(req), window);
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/observations',
    access: requires('session.read'),
    async handle({ req, services }) {
      const page = validate(observationPageQuerySchema, req.query);
      return observationPage(services.db, idFrom(req), page);
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/phase',
    access: requires('session.changePhase'),
    async handle(ctx) {
      return { session: await ctx.services.sessions.changePhase(requireActor(ctx.req, ctx.res), idFrom(ctx.req), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/infusion-events',
    access: requires('infusion.record'),
    status: 201,
    async handle(ctx) {
      const id = idFrom(ctx.req);
      const event = await ctx.services.sessions.recordInfusionEvent(requireActor(ctx.req, ctx.res), id, bodyOf(ctx.req));
      return { event, session: await getSessionSummary(ctx.services.db, id) };
    },
  }),
  route({
    method: 'post',
    path: '/api/observations',
    access: requires('observation.record'),
    status: 201,
    async handle(ctx) {
      const batch = validate(observationBatchSchema, bodyOf(ctx.req));
      return { results: await ctx.services.observations.recordObservations(requireActor(ctx.req, ctx.res), batch.observations) };
    },
  }),
  route({
    method: 'post',
    path: '/api/observations/:id/correct',
    access: requires('observation.correct'),
    status: 201,
    async handle(ctx) {
      return { observation: await ctx.services.observations.correctObservation(requireActor(ctx.req, ctx.res), idFrom(ctx.req), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/observations/:id/entered-in-error',
    access: requires('observation.correct'),
    async handle(ctx) {
      const { reason } = validate(enteredInErrorSchema, bodyOf(ctx.req));
      return { observation: await ctx.services.observations.markObservationEnteredInError(requireActor(ctx.req, ctx.res), idFrom(ctx.req), reason) };
    },
  }),
  route({
    method: 'post',
    path: '/api/side-effects',
    access: requires('sideEffect.record'),
    status: 201,
    async handle(ctx) {
      const batch = validate(sideEffectBatchSchema, bodyOf(ctx.req));
      return { results: await ctx.services.sideEffects.recordSideEffects(requireActor(ctx.req, ctx.res), batch.sideEffects) };
    },
  }),
  route({
    method: 'post',
    path: '/api/side-effects/:id/correct',
    access: requires('sideEffect.correct'),
    status: 201,
    async handle(ctx) {
      return { sideEffect: await ctx.services.sideEffects.correctSideEffect(requireActor(ctx.req, ctx.res), idFrom(ctx.req), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/side-effects/:id/entered-in-error',
    access: requires('sideEffect.correct'),
    async handle(ctx) {
      const { reason } = validate(enteredInErrorSchema, bodyOf(ctx.req));
      return { sideEffect: await ctx.services.sideEffects.markSideEffectEnteredInError(requireActor(ctx.req, ctx.res), idFrom(ctx.req), reason) };
    },
  }),
  route({
    method: 'get',
    path: '/api/changes',
    access: requires('session.read'),
    async handle({ req, services }) {
      const { since, sessionId } = validate(sinceQuery, req.query);
      return { ...(await changesSince(services.db, since, sessionId)), headSeq: await headSeq(services.db) };
    },
  }),
];
