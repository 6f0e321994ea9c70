import type { ComponentType } from 'react';
import { Link, Redirect, Route, Switch, useRoute } from 'wouter';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { AuditPanel } from './AuditPanel.tsx';
import { ChairsPanel } from './ChairsPanel.tsx';
import { DeviceTokensPanel } from './DeviceTokensPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import { type AdminSection, adminSections } from './adminAccess.ts';
import './AdminPage.css';
import { useDocumentTitle } from '../../ui/useDocumentTitle.ts';

const PANELS: Readonly<Record<AdminSection['path'], ComponentType>> = {
  '/users': UsersPanel,
  '/chairs': ChairsPanel,
  '/devices': DeviceTokensPanel,
  '/audit': AuditPanel,
};

/**
 * The clinic's set-up: accounts, chairs, device tokens and the audit trail, each a sub-page under
 * `/admin` that only the holders of its action see. Routes here are relative to `/admin`.
 */
export function AdminPage() {
  const { roles } = useSignedInUser();
  const sections = adminSections(roles);
  const first = sections[0];

  useDocumentTitle('Administration');

  if (!first) {
    return (
      <div className="page">
        <h1 className="sr-only">Administration</h1>
        <NoAccess what="the administration pages" />
      </div>
    );
  }

  return (
    <div className="page admin-page">
      <header className="admin-page__head">
        <h1 className="admin-page__title">Administration</h1>
        <p className="admin-page__lede">Accounts, chairs, device tokens and the audit trail of this clinic.</p>
      </header>
      <nav className="admin-tabs" aria-label="Administration">
        {sections.map((section) => (
          <SectionLink key={section.path} section={section} />
        ))}
      </nav>
      <Switch>
        {sections.map((section) => {
          const Panel = PANELS[section.path];
          return (
            <Route key={section.path} path={section.path}>
              <Panel />
            </Route>
          );
        })}
        <Route path="/">
          <Redirect to={first.path} replace />
        </Route>
        <Route>
          <NoAccess what="this administration page" />
        </Route>
      </Switch>
    </div>
  );
}

function SectionLink({ section }: { section: AdminSection }) {
  const [active] = useRoute(section.path);
  return (
    <Link href={section.path} className="admin-tabs__link" aria-current={active ? 'page' : undefined}>
      {section.label}
    </Link>
  );
}
