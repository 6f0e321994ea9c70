import { Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { LazyBedsidePage, LazyEntryPage } from '../features/entry/lazyEntryPages.ts';
import { WardPage } from '../features/overview/WardPage.tsx';
import { LazySchedulePage } from '../features/schedule/lazySchedulePage.ts';
import { LazySessionPage } from '../features/session/lazySessionPage.ts';
import { StatusMessage } from '../ui/StatusMessage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** The ward is in the first bundle; the session page (and Recharts) loads on first visit. */
export function AppRoutes() {
  return (
    <Switch>
      <Route path="/">
        <WardPage />
      </Route>
      <Route path="/bedside">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening the chairs…" />}>
          <LazyBedsidePage />
        </Suspense>
      </Route>
      <Route path="/schedule">
        <Suspense fallback={<StatusMessage tone="loading" title="Opening scheduling…" />}>
          <LazySchedulePage />
        </Suspense>
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
