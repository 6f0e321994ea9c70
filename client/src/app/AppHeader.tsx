import { type ReactNode, type RefObject, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { Link, useLocation, useRoute } from 'wouter';
import { can } from '../../../shared/auth/permissions.ts';
import type { SessionUser } from '../../../shared/schemas/auth.ts';
import { canOpenAdmin } from '../features/admin/adminAccess.ts';
import { AlarmAudioControl } from '../features/alarms/AlarmAudioControl.tsx';
import { useSignOut } from '../features/auth/authQueries.ts';
import { describeRoles } from '../features/auth/roleLabels.ts';
import { OutboxBadge, OutboxRunner, useOutboxCounts } from '../offline/OutboxStatus.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { SignOutDialog } from './SignOutDialog.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import './AppHeader.css';

interface NavItem {
  href: string;
  label: string;
  current: boolean;
  /** Extra content inside the link (the outbox badge on "Bedside"). */
  extra?: ReactNode;
}

function useNavItems(user: SessionUser): NavItem[] {
  const [onOverview] = useRoute('/');
  const [onBedside] = useRoute('/bedside');
  const [onRecord] = useRoute('/sessions/:id/record');
  const [onSchedule] = useRoute('/schedule');
  const [onAdmin] = useRoute('/admin/*?');
  const [onHistory] = useRoute('/history');
  const [onDevices] = useRoute('/devices/*?');
  const items: NavItem[] = [];
  if (can(user.roles, 'ward.read')) items.push({ href: '/', label: 'Overview', current: onOverview });
  if (can(user.roles, 'observation.record')) items.push({ href: '/bedside', label: 'Bedside', current: onBedside || onRecord, extra: <OutboxBadge /> });
  if (can(user.roles, 'session.create')) items.push({ href: '/schedule', label: 'Schedule', current: onSchedule });
  if (can(user.roles, 'history.read')) items.push({ href: '/history', label: 'History', current: onHistory });
  if (can(user.roles, 'ingest.read')) items.push({ href: '/devices', label: 'Devices', current: onDevices });
  if (canOpenAdmin(user.roles)) items.push({ href: '/admin', label: 'Admin', current: onAdmin });
  return items;
}

type NavMode = 'inline' | 'menu' | 'compact';

interface NavModeRefs {
  mode: NavMode;
  header: RefObject<HTMLElement | null>;
  brand: RefObject<HTMLAnchorElement | null>;
  end: RefObject<HTMLDivElement | null>;
  user: RefObject<HTMLParagraphElement | null>;
  navCopy: RefObject<HTMLDivElement | null>;
  menuCopy: RefObject<HTMLSpanElement | null>;
  userCopy: RefObject<HTMLSpanElement | null>;
}

/**
 * How much of the header fits on its one line: every link ('inline'), the links folded into a
 * menu ('menu'), or that and the user's initials for their name ('compact'). Decided from the
 * natural widths of invisible copies of the links, the menu button and the name, which do not
 * change with the choice (so it cannot flip back and forth), against the room the brand and the
 * other controls leave; the number of links depends on the roles, the controls' widths on the
 * connection state and the font.
 */
function useNavMode(): NavModeRefs {
  const header = useRef<HTMLElement>(null);
  const brand = useRef<HTMLAnchorElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const user = useRef<HTMLParagraphElement>(null);
  const navCopy = useRef<HTMLDivElement>(null);
  const menuCopy = useRef<HTMLSpanElement>(null);
  const userCopy = useRef<HTMLSpanElement>(null);
  const [mode, setMode] = useState<NavMode>('inline');

  useLayoutEffect(() => {
    const [h, b, e, u, nav, menu, name] = [header.current, brand.current, end.current, user.current, navCopy.current, menuCopy.current, userCopy.current];
    if (!h || !b || !e || !u || !nav || !menu || !name) return;
    const decide = () => {
      const style = getComputedStyle(h);
      const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
      const gap = Number.parseFloat(style.columnGap) || 0;
      const base = padding + b.offsetWidth + 2 * gap + (e.offsetWidth - u.offsetWidth) + name.offsetWidth;
      const room = h.clientWidth;
      setMode(base + nav.offsetWidth <= room ? 'inline' : base + menu.offsetWidth <= room ? 'menu' : 'compact');
    };
    decide();
    const observer = new ResizeObserver(decide);
    for (const part of [h, b, e, u, nav, menu, name]) observer.observe(part);
    return () => observer.disconnect();
  }, []);

  return { mode, header, brand, end, user, navCopy, menuCopy, userCopy };
}

/** "Nora Nurse, RN" → "NN", "Dr. Paul Physician" → "PP": for a header with no room for the name. */
function initials(displayName: string): string {
  const words = (displayName.split(',')[0] ?? '').split(/\s+/).filter((word) => word !== '' && !word.endsWith('.'));
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase() || displayName.slice(0, 2);
}

export function AppHeader({ user }: { user: SessionUser }) {
  const signOut = useSignOut();
  const items = useNavItems(user);
  const mayRecord = can(user.roles, 'observation.record');
  const fit = useNavMode();
  const outbox = useOutboxCounts();
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const current = items.find((item) => item.current);
  const roles = describeRoles(user.roles);

  const requestSignOut = () => {
    if (outbox.pending + outbox.refused > 0) setConfirmingSignOut(true);
    else signOut.mutate();
  };

  const links = items.map((item) => (
    <Link key={item.href} href={item.href} className="app-header__nav-link" aria-current={item.current ? 'page' : undefined}>
      {item.label}
      {item.extra}
    </Link>
  ));

  return (
    <header className="app-header" ref={fit.header} data-nav={fit.mode}>
      {mayRecord ? <OutboxRunner /> : null}
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="app-header__brand" ref={fit.brand}>
        <img src="/favicon.svg" alt="" width="30" height="30" />
        <span>Chairside</span>
      </Link>
      {fit.mode === 'inline' ? (
        <nav className="app-header__nav" aria-label="Main">
          {links}
        </nav>
      ) : (
        <NavMenu current={current} badge={mayRecord ? <OutboxBadge /> : null}>
          {links}
        </NavMenu>
      )}
      {/*
        Natural widths for useNavMode: never seen or read, and they take no room. The words are
        drawn from data-text, so no text on the page is there twice.
      */}
      <div className="app-header__measure" aria-hidden="true">
        <div className="app-header__nav" ref={fit.navCopy}>
          {items.map((item) => (
            <span key={item.href} className="app-header__nav-link app-header__copy" data-text={item.label} />
          ))}
        </div>
        <span className="header-button app-header__menu-button" ref={fit.menuCopy}>
          <MenuIcon />
          <span className="app-header__menu-label app-header__copy" data-text="Menu" />
          {current ? <span className="app-header__menu-current app-header__copy" data-text={`· ${current.label}`} /> : null}
        </span>
        <span className="app-header__user-name app-header__copy" ref={fit.userCopy} data-text={user.displayName} />
      </div>
      <div className="app-header__end" ref={fit.end}>
        <AlarmAudioControl />
        <ConnectionIndicator />
        <ThemeToggle />
        <p className="app-header__user" ref={fit.user} title={`${user.displayName} · ${roles}`}>
          {fit.mode === 'compact' ? (
            <>
              <span className="app-header__user-initials" aria-hidden="true">
                {initials(user.displayName)}
              </span>
              <span className="sr-only">{user.displayName}</span>
            </>
          ) : (
            <>
              <span className="app-header__user-name">{user.displayName}</span>
              <span className="app-header__user-role">{roles}</span>
            </>
          )}
        </p>
        <button type="button" className="header-button" onClick={requestSignOut} disabled={signOut.isPending}>
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
      {confirmingSignOut ? (
        <SignOutDialog
          pending={outbox.pending}
          refused={outbox.refused}
          onStay={() => setConfirmingSignOut(false)}
          onSignOut={() => {
            setConfirmingSignOut(false);
            signOut.mutate();
          }}
        />
      ) : null}
    </header>
  );
}

function MenuIcon() {
  return (
    <svg className="header-button__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
    </svg>
  );
}

/**
 * The links behind one "Menu" button, for a header too narrow to show them: the current page's
 * name on the button, the list below it; it closes on a choice, on Escape (focus back on the
 * button) and on a tap elsewhere.
 */
function NavMenu({ current, badge, children }: { current: NavItem | undefined; badge: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [location] = useLocation();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const panelId = useId();

  // A link chosen (or any navigation) closes the menu.
  const shownFor = useRef(location);
  useEffect(() => {
    if (shownFor.current !== location) setOpen(false);
    shownFor.current = location;
  }, [location]);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (target && (panel.current?.contains(target) || button.current?.contains(target))) return;
      close(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true);
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, close]);

  return (
    <div className="app-header__menu">
      <button
        ref={button}
        type="button"
        className="header-button app-header__menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <MenuIcon />
        <span className="app-header__menu-label">Menu</span>
        {current ? <span className="app-header__menu-current">· {current.label}</span> : null}
        {badge}
      </button>
      <nav ref={panel} id={panelId} className="app-header__menu-panel" aria-label="Main" hidden={!open}>
        {children}
      </nav>
    </div>
  );
}
