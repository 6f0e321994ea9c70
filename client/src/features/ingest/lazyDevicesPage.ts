import { lazy } from 'react';

/** The device pages (import, inbox, feed status) in their own chunk. */
export const loadDevicesPage = () => import('./DevicesPage.tsx');

export const LazyDevicesPage = lazy(async () => ({ default: (await loadDevicesPage()).DevicesPage }));
