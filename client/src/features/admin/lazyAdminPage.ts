import { lazy } from 'react';

/** The administration pages in their own chunk: most people at a chair never open them. */
export const loadAdminPage = () => import('./AdminPage.tsx');

export const LazyAdminPage = lazy(async () => ({ default: (await loadAdminPage()).AdminPage }));
