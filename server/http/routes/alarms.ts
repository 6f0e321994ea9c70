import { CLINIC_SCOPE, openAlarms, settingsFor } from '../../domain/alarms.ts';
import { dischargeStatus } from '../../domain/discharge.ts';
import { getSessionSummary } from '../../domain/sessionQueries.ts';
import { requireActor, requires } from '../context.ts';
import { bodyOf, idFrom } from '../params.ts';
import { route } from '../route.ts';

export const alarmRoutes = [
  route({
    method: 'get',
    path: '/api/alarms',
    access: requires('ward.read'),
    async handle({ services }) {
      return { alarms: await openAlarms(services.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/alarms/:id/acknowledge',
    access: requires('alarm.acknowledge'),
    async handle({ req, res, services }) {
      return { alarm: await services.alarms.acknowledge(requireActor(req, res), idFrom(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/alarm-settings',
    // Read by the limits editor only; staff at the chair see the limits in force through the
    // session's own settings. An admin keeps the limits without reading the ward.
    access: requires('alarm.configure'),
    async handle({ services }) {
      return { settings: (await settingsFor(services.db)).clinic };
    },
  }),
  route({
    method: 'post',
    path: '/api/alarm-settings',
    access: requires('alarm.configure'),
    async handle({ req, res, services }) {
      return { settings: await services.alarms.updateSettings(requireActor(req, res), CLINIC_SCOPE, bodyOf(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/alarm-settings',
    access: requires('session.read'),
    async handle({ req, services }) {
      const id = idFrom(req);
      await getSessionSummary(services.db, id);
      return settingsFor(services.db, id);
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/alarm-settings',
    access: requires('alarm.configure'),
    async handle({ req, res, services }) {
      const id = idFrom(req);
      await getSessionSummary(services.db, id);
      return { settings: await services.alarms.updateSettings(requireActor(req, res), id, bodyOf(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/discharge',
    access: requires('session.read'),
    async handle({ req, services }) {
      const id = idFrom(req);
      await getSessionSummary(services.db, id);
      return dischargeStatus(services.db, id);
    },
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/discharge-checks',
    access: requires('session.changePhase'),
    async handle({ req, res, services }) {
      const id = idFrom(req);
      await getSessionSummary(services.db, id);
      return services.discharge.recordChecks(requireActor(req, res), id, bodyOf(req));
    },
  }),
];
