import { z } from 'zod';
import { historyQuerySchema } from '../../../shared/schemas/history.ts';
import { audit } from '../../domain/audit.ts';
import { sessionsCsv } from '../../domain/exports/csv.ts';
import { sessionFhirBundle } from '../../domain/exports/fhirBundle.ts';
import { patientSeries, remsSummary, requirePatient, searchHistory } from '../../domain/history.ts';
import { getSessionSummary } from '../../domain/sessionQueries.ts';
import { validate } from '../../domain/validate.ts';
import { parseZonedInstant } from '../../../shared/time.ts';
import { zonedDateTimeSchema } from '../../../shared/schemas/common.ts';
import { requireActor, requires } from '../context.ts';
import { idFrom } from '../params.ts';
import { type RouteContext, route } from '../route.ts';

const rangeSchema = z.object({ from: zonedDateTimeSchema, to: zonedDateTimeSchema });

/** Every export is audited: who took which records out, and when. */
async function auditExport(ctx: RouteContext, what: string, entityType: string, entityId: string | null, detail: unknown): Promise<void> {
  await audit(ctx.services.db, requireActor(ctx.req, ctx.res), { action: `export.${what}`, entityType, entityId, after: detail }, new Date().toISOString());
}

export const historyRoutes = [
  route({
    method: 'get',
    path: '/api/history',
    access: requires('history.read'),
    async handle({ req, services }) {
      return searchHistory(services.db, validate(historyQuerySchema, req.query));
    },
  }),
  route({
    method: 'get',
    path: '/api/patients/:id/series',
    access: requires('history.read'),
    async handle(ctx) {
      const id = idFrom(ctx.req);
      await requirePatient(ctx.services.db, id);
      await audit(ctx.services.db, requireActor(ctx.req, ctx.res), { action: 'patient.historyViewed', entityType: 'patient', entityId: id }, new Date().toISOString());
      return { series: await patientSeries(ctx.services.db, id) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/rems',
    access: requires('session.read'),
    async handle({ req, services }) {
      return { rems: await remsSummary(services.db, idFrom(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/sign',
    access: requires('session.sign'),
    async handle({ req, res, services }) {
      const id = idFrom(req);
      await services.signOff.sign(requireActor(req, res), id);
      return { session: await getSessionSummary(services.db, id) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/export.csv',
    access: requires('record.export'),
    download: 'text/csv',
    async handle(ctx) {
      const id = idFrom(ctx.req);
      await getSessionSummary(ctx.services.db, id);
      await auditExport(ctx, 'sessionCsv', 'session', id, { format: 'csv' });
      return { filename: `session-${id}.csv`, body: await sessionsCsv(ctx.services.db, [id]) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/export.fhir',
    access: requires('record.export'),
    download: 'application/fhir+json',
    async handle(ctx) {
      const id = idFrom(ctx.req);
      const bundle = await sessionFhirBundle(ctx.services.db, id);
      await auditExport(ctx, 'sessionFhir', 'session', id, { format: 'fhir' });
      return { filename: `session-${id}.fhir.json`, body: JSON.stringify(bundle, null, 2) };
    },
  }),
  route({
    method: 'get',
    path: '/api/patients/:id/export.csv',
    access: requires('record.export'),
    download: 'text/csv',
    async handle(ctx) {
      const id = idFrom(ctx.req);
      await requirePatient(ctx.services.db, id);
      const sessions = await ctx.services.db.selectFrom('sessions').select('id').where('patient_id', '=', id).execute();
      await auditExport(ctx, 'patientCsv', 'patient', id, { sessions: sessions.length });
      return { filename: `patient-${id}.csv`, body: await sessionsCsv(ctx.services.db, sessions.map((s) => s.id)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/history/export.csv',
    access: requires('record.export'),
    download: 'text/csv',
    async handle(ctx) {
      const { from, to } = validate(rangeSchema, ctx.req.query);
      const sessions = await ctx.services.db
        .selectFrom('sessions')
        .select('id')
        .where('created_at', '>=', parseZonedInstant(from).utc)
        .where('created_at', '<=', parseZonedInstant(to).utc)
        .limit(5000)
        .execute();
      await auditExport(ctx, 'rangeCsv', 'sessions', null, { from, to, sessions: sessions.length });
      return { filename: `sessions-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`, body: await sessionsCsv(ctx.services.db, sessions.map((s) => s.id)) };
    },
  }),
];
