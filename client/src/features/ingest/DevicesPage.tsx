import type { ComponentType } from 'react';
import { Link, Redirect, Route, Switch, useRoute } from 'wouter';
import { type Action, type Role, can } from '../../../../shared/auth/permissions.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { InboxPanel } from './InboxPanel.tsx';
import { StatusPanel } from './StatusPanel.tsx';
import '../admin/AdminPage.css';
import './DevicesPage.css';
import { useDocumentTitle } from '../../ui/useDocumentTitle.ts';

const TABS = [
  { path: '/import', label: 'Import', action: 'ingest.import', Panel: ImportPanel },
  { path: '/inbox', label: 'Inbox', action: 'ingest.read', Panel: InboxPanel },
  { path: '/status', label: 'Status', action: 'ingest.read', Panel: StatusPanel },
] as const satisfies ReadonlyArray<{ path: string; label: string; action: Action; Panel: ComponentType }>;

export function deviceTabs(roles: readonly Role[]) {
  return TABS.filter((tab) => can(roles, tab.action));
}

/** Device data: import export files, place what the live feed could not, watch the feed. Routes are relative to `/devices`. */
export function DevicesPage() {
  const { roles } = useSignedInUser();
  const tabs = deviceTabs(roles);
  const first = tabs[0];

  useDocumentTitle('Devices');

  if (!first) {
    return (
      <div className="page">
        <h1 className="sr-only">Devices</h1>
        <NoAccess what="the device pages" />
      </div>
    );
  }

  return (
    <div className="page admin-page">
      <header className="admin-page__head">
        <h1 className="admin-page__title">Devices</h1>
        <p className="admin-page__lede">Import monitor exports, place unmatched readings, and watch the device feed.</p>
      </header>
      <nav className="admin-tabs" aria-label="Devices">
        {tabs.map((tab) => (
          <TabLink key={tab.path} path={tab.path} label={tab.label} />
        ))}
      </nav>
      <Switch>
        {tabs.map(({ path, Panel }) => (
          <Route key={path} path={path}>
            <Panel />
          </Route>
        ))}
        <Route path="/">
          <Redirect to={first.path} replace />
        </Route>
        <Route>
          <NoAccess what="this device page" />
        </Route>
      </Switch>
    </div>
  );
}

function TabLink({ path, label }: { path: string; label: string }) {
  const [active] = useRoute(path);
  return (
    <Link href={path} className="admin-tabs__link" aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  );
}
