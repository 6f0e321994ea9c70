import { lazy } from 'react';

/** The session page and Recharts in their own chunk; call early (hover, focus) to warm it. */
export const loadSessionPage = () => import('./SessionPage.tsx');

export const LazySessionPage = lazy(async () => ({ default: (await loadSessionPage()).SessionPage }));
