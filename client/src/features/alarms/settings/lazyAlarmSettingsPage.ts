import { lazy } from 'react';

/** The clinic's alarm limits, in their own chunk (few people open it). */
export const LazyAlarmSettingsPage = lazy(async () => ({ default: (await import('./AlarmSettingsPage.tsx')).AlarmSettingsPage }));
