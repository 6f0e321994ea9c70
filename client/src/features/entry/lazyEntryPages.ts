import { lazy } from 'react';

/** The bedside screens (and zod, which their forms validate with) load on first visit. */
export const loadEntryPage = () => import('./EntryPage.tsx');

export const LazyEntryPage = lazy(async () => ({ default: (await loadEntryPage()).EntryPage }));

export const LazyBedsidePage = lazy(async () => ({ default: (await import('./BedsidePage.tsx')).BedsidePage }));
