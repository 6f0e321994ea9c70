import { lazy } from 'react';

/** Scheduling (and zod, which its form validates with) loads on first visit. */
export const LazySchedulePage = lazy(async () => ({ default: (await import('./SchedulePage.tsx')).SchedulePage }));
