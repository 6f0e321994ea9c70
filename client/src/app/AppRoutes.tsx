import { Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { WardPage } from '../features/overview/WardPage.tsx';
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
