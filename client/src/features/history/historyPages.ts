export { HistoryPage } from './HistoryPage.tsx';
export { PatientSeriesPage } from './PatientSeriesPage.tsx';
export { SessionReportPage } from './SessionReportPage.tsx';
