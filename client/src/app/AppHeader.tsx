import { Link, useRoute } from 'wouter';
import type { SessionUser } from '../../../shared/schemas/auth.ts';
import { useSignOut } from '../features/auth/authQueries.ts';
import { describeRoles } from '../features/auth/roleLabels.ts';
import { can } from '../../../shared/auth/permissions.ts';
import { canOpenAdmin } from '../features/admin/adminAccess.ts';
import { AlarmAudioControl } from '../features/alarms/AlarmAudioControl.tsx';
import { OutboxBadge } from '../offline/OutboxStatus.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import './AppHeader.css';

export function AppHeader({ user }: { user: SessionUser }) {
  const signOut = useSignOut();
  const [onOverview] = useRoute('/');
  const [onBedside] = useRoute('/bedside');
  const [onRecord] = useRoute('/sessions/:id/record');
  const [onSchedule] = useRoute('/schedule');
  const [onAdmin] = useRoute('/admin/*?');
  const [onHistory] = useRoute('/history');
  const [onDevices] = useRoute('/devices/*?');
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="app-header__brand">
        <img src="/favicon.svg" alt="" width="30" height="30" />
        <span>Chairside</span>
      </Link>
      <nav className="app-header__nav" aria-label="Main">
        {can(user.roles, 'ward.read') ? (
          <Link href="/" className="app-header__nav-link" aria-current={onOverview ? 'page' : undefined}>
            Overview
          </Link>
        ) : null}
        {can(user.roles, 'observation.record') ? (
          <Link href="/bedside" className="app-header__nav-link" aria-current={onBedside || onRecord ? 'page' : undefined}>
            Bedside
            <OutboxBadge />
          </Link>
        ) : null}
        {can(user.roles, 'session.create') ? (
          <Link href="/schedule" className="app-header__nav-link" aria-current={onSchedule ? 'page' : undefined}>
            Schedule
          </Link>
        ) : null}
        {can(user.roles, 'history.read') ? (
          <Link href="/history" className="app-header__nav-link" aria-current={onHistory ? 'page' : undefined}>
            History
          </Link>
        ) : null}
        {can(user.roles, 'ingest.read') ? (
          <Link href="/devices" className="app-header__nav-link" aria-current={onDevices ? 'page' : undefined}>
            Devices
          </Link>
        ) : null}
        {canOpenAdmin(user.roles) ? (
          <Link href="/admin" className="app-header__nav-link" aria-current={onAdmin ? 'page' : undefined}>
            Admin
          </Link>
        ) : null}
      </nav>
      <div className="app-header__end">
        <AlarmAudioControl />
        <ConnectionIndicator />
        <ThemeToggle />
        <p className="app-header__user">
          <span className="app-header__user-name">{user.displayName}</span>
          <span className="app-header__user-role">{describeRoles(user.roles)}</span>
        </p>
        <button type="button" className="header-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}
