import { z } from 'zod';
import { listCareTeam } from '../../auth/userAdmin.ts';
import { listChairs } from '../../domain/chairs.ts';
import { searchPatients } from '../../domain/patients.ts';
import { validate } from '../../domain/validate.ts';
import { requireActor, requires } from '../context.ts';
import { bodyOf } from '../params.ts';
import { route } from '../route.ts';

export const directoryRoutes = [
  route({
    method: 'get',
    path: '/api/chairs',
    access: requires('chair.read'),
    async handle({ services }) {
      return { chairs: await listChairs(services.db) };
    },
  }),
  route({
    method: 'post',
    path: '/api/chairs',
    access: requires('chair.manage'),
    status: 201,
    async handle(ctx) {
      return { chair: await ctx.services.chairs.createChair(requireActor(ctx.req, ctx.res), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/patients',
    access: requires('patient.read'),
    async handle({ req, services }) {
      const { q } = validate(z.object({ q: z.string().max(100).default('') }), req.query);
      return { patients: await searchPatients(services.db, q) };
    },
  }),
  route({
    method: 'post',
    path: '/api/patients',
    access: requires('patient.create'),
    status: 201,
    async handle(ctx) {
      return { patient: await ctx.services.patients.createPatient(requireActor(ctx.req, ctx.res), bodyOf(ctx.req)) };
    },
  }),
  route({
    method: 'get',
    path: '/api/users',
    access: requires('user.read'),
    // The care-team picker; administration lists every account through /api/admin/users.
    async handle({ services }) {
      return { users: await listCareTeam(services.db) };
    },
  }),
];
