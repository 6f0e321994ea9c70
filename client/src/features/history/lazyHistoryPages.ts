import { lazy } from 'react';

/** History, patient series and the printable report in their own chunk (with Recharts). */
export const loadHistoryPages = () => import('./historyPages.ts');

export const LazyHistoryPage = lazy(async () => ({ default: (await loadHistoryPages()).HistoryPage }));
export const LazyPatientSeriesPage = lazy(async () => ({ default: (await loadHistoryPages()).PatientSeriesPage }));
export const LazySessionReportPage = lazy(async () => ({ default: (await loadHistoryPages()).SessionReportPage }));
