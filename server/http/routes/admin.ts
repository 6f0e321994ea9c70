import { auditQuerySchema, deviceTokenInputSchema } from '../../../shared/schemas/auth.ts';
import { searchAudit } from '../../domain/auditQueries.ts';
import { validate } from '../../domain/validate.ts';
import { requireActor, requires } from '../context.ts';
import { bodyOf, idFrom } from '../params.ts';
import { route } from '../route.ts';

export const adminRoutes = [
  route({
    method: 'get',
    path: '/api/admin/users',
    access: requires('user.manage'),
    async handle({ services }) {
      return { users: await services.users.list() };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users',
    access: requires('user.manage'),
    status: 201,
    async handle({ req, res, services }) {
      return { user: await services.users.create(requireActor(req, res), bodyOf(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users/:id/password',
    access: requires('user.manage'),
    async handle({ req, res, services }) {
      return { user: await services.users.resetPassword(requireActor(req, res), idFrom(req), bodyOf(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users/:id/roles',
    access: requires('user.manage'),
    async handle({ req, res, services }) {
      return { user: await services.users.setRoles(requireActor(req, res), idFrom(req), bodyOf(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users/:id/disable',
    access: requires('user.manage'),
    async handle({ req, res, services }) {
      return { user: await services.users.disable(requireActor(req, res), idFrom(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users/:id/enable',
    access: requires('user.manage'),
    async handle({ req, res, services }) {
      return { user: await services.users.enable(requireActor(req, res), idFrom(req)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/users/:id/unlock',
    access: requires('user.manage'),
    async handle({ req, res, services }) {
      return { user: await services.users.unlock(requireActor(req, res), idFrom(req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/admin/device-tokens',
    access: requires('device.manage'),
    async handle({ services }) {
      return { deviceTokens: await services.deviceTokens.list() };
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/device-tokens',
    access: requires('device.manage'),
    status: 201,
    async handle({ req, res, services }) {
      const { name } = validate(deviceTokenInputSchema, bodyOf(req));
      // The token is in this answer and nowhere else: it is stored only as a hash.
      return services.deviceTokens.create(requireActor(req, res), name);
    },
  }),
  route({
    method: 'post',
    path: '/api/admin/device-tokens/:id/revoke',
    access: requires('device.manage'),
    async handle({ req, res, services }) {
      await services.deviceTokens.revoke(requireActor(req, res), idFrom(req));
      return { ok: true };
    },
  }),
  route({
    method: 'get',
    path: '/api/admin/audit',
    access: requires('audit.read'),
    async handle({ req, services }) {
      return searchAudit(services.db, validate(auditQuerySchema, req.query));
    },
  }),
];
