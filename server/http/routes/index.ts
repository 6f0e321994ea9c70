import { ingestRoutes } from '../../ingest/routes.ts';
import type { RouteDefinition } from '../route.ts';
import { adminRoutes } from './admin.ts';
import { alarmRoutes } from './alarms.ts';
import { historyRoutes } from './history.ts';
import { authRoutes } from './auth.ts';
import { clinicalRoutes } from './clinical.ts';
import { directoryRoutes } from './directory.ts';
import { healthRoutes } from './health.ts';

/** Every API route there is. Nothing is mounted under /api that is not in this list. */
export const API_ROUTES: readonly RouteDefinition[] = [
  ...healthRoutes,
  ...authRoutes,
  ...clinicalRoutes,
  ...directoryRoutes,
  ...adminRoutes,
  ...alarmRoutes,
  ...historyRoutes,
  ...ingestRoutes,
];
