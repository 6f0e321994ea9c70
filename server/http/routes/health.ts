import { PUBLIC } from '../context.ts';
import { route } from '../route.ts';

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    access: PUBLIC,
    async handle({ services }) {
      return {
        status: 'ok',
        database: { engine: services.database.engine, version: await services.database.version() },
        time: new Date().toISOString(),
      };
    },
  }),
];
