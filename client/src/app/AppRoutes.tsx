import { Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { can } from '../../../shared/auth/permissions.ts';
import { canOpenAdmin } from '../features/admin/adminAccess.ts';
import { LazyAdminPage } from '../features/admin/lazyAdminPage.ts';
import { LazyAlarmSettingsPage } from '../features/alarms/settings/lazyAlarmSettingsPage.ts';
import { useSignedInUser } from '../features/auth/signedInUser.ts';
import { LazyBedsidePage, LazyEntryPage } from '../features/entry/lazyEntryPages.ts';
import { WardPage } from '../features/overview/WardPage.tsx';
import { LazyDevicesPage } from '../features/ingest/lazyDevicesPage.ts';
import { LazyHistoryPage, LazyPatientSeriesPage, LazySessionReportPage } from '../features/history/lazyHistoryPages.ts';
import { LazySchedulePage } from '../features/schedule/lazySchedulePage.ts';
import { LazySessionPage } from '../features/session/lazySessionPage.ts';
import { StatusMessage } from '../ui/StatusMessage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** The ward is in the first bundle; the session page (and Recharts) loads on first visit. */
export function AppRoutes() {
  return (
    <Switch>
      <Route path="/">
        <Home />
      </Route>
      <Route path="/admin" nest>
        <Suspense fallback={<StatusMessage tone="loading" title="Opening administration…" />}>
          <LazyAdminPage />
        </Suspense>
      </Route>
      <Route path="/bedside">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening the chairs…" />}>
          <LazyBedsidePage />
        </Suspense>
      </Route>
      <Route path="/settings/alarms">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening the alarm limits…" />}>
          <LazyAlarmSettingsPage />
        </Suspense>
      </Route>
      <Route path="/schedule">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening scheduling…" />}>
          <LazySchedulePage />
        </Suspense>
      </Route>
      <Route path="/devices" nest>
        <Suspense fallback={<StatusMessage tone="loading" title="Opening devices…" />}>
          <LazyDevicesPage />
        </Suspense>
      </Route>
      <Route path="/history">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening history…" />}>
          <LazyHistoryPage />
        </Suspense>
      </Route>
      <Route path="/patients/:id">
        {(params) => (
          <Suspense fallback={<StatusMessage tone="loading" title="Opening the patient…" />}>
            <LazyPatientSeriesPage key={params.id} patientId={params.id} />
          </Suspense>
        )}
      </Route>
      <Route path="/sessions/:id/report">
        {(params) => (
          <Suspense fallback={<StatusMessage tone="loading" title="Preparing the report…" />}>
            <LazySessionReportPage key={params.id} sessionId={params.id} />
          </Suspense>
        )}
      </Route>
      <Route path="/sessions/:id/record">
        {(params) => (
          <Suspense fallback={<StatusMessage tone="loading" title="Opening the chair…" />}>
            <LazyEntryPage key={params.id} sessionId={params.id} />
          </Suspense>
        )}
      </Route>
      <Route path="/sessions/:id">
        {(params) => (
          <Suspense fallback={<StatusMessage tone="loading" title="Opening session…" />}>
            <LazySessionPage sessionId={params.id} />
          </Suspense>
        )}
      </Route>
      <Route>
        <NotFoundPage />
      </Route>
    </Switch>
  );
}

/** An administrator without a clinical role has no ward to watch: their home is the set-up. */
function Home() {
  const { roles } = useSignedInUser();
  if (!can(roles, 'ward.read') && canOpenAdmin(roles)) return <Redirect to="/admin" replace />;
  return <WardPage />;
}
