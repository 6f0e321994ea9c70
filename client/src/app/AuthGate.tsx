import { AlarmNotices } from '../features/alarms/AlarmNotices.tsx';
import { AlarmWatch } from '../features/alarms/AlarmWatch.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { useCurrentUser } from '../features/auth/authQueries.ts';
import { SignedInUserContext } from '../features/auth/signedInUser.ts';
import { StatusMessage } from '../ui/StatusMessage.tsx';
import { AppHeader } from './AppHeader.tsx';
import { AppRoutes } from './AppRoutes.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { IdleGuard } from './idle/IdleGuard.tsx';
import { SocketProvider } from './SocketProvider.tsx';

/**
 * Signed out, every address shows sign-in (and stays in the address bar, so signing in lands
 * where the user was going). Signed in, the tab gets its socket and the app.
 */
export function AuthGate() {
  const currentUser = useCurrentUser();

  if (currentUser.isPending) {
    return (
      <main className="page" id="main">
        <StatusMessage tone="loading" title="Starting Chairside…" />
      </main>
    );
  }
  if (currentUser.isError) {
    return (
      <main className="page" id="main">
        <StatusMessage
          tone="error"
          title="Chairside cannot reach its server"
          action={
            <button type="button" className="button button--primary" onClick={() => void currentUser.refetch()}>
              Try again
            </button>
          }
        >
          <p>{currentUser.error.message}</p>
        </StatusMessage>
      </main>
    );
  }
  const user = currentUser.data;
  if (!user) return <SignInPage />;

  return (
    <SignedInUserContext value={user}>
      <SocketProvider key={user.id}>
        <AlarmWatch>
          <IdleGuard user={user} />
          <AppHeader user={user} />
          <ConnectionBanner />
          <AlarmNotices />
          <main id="main" className="app-main" tabIndex={-1}>
            <AppRoutes />
          </main>
        </AlarmWatch>
      </SocketProvider>
    </SignedInUserContext>
  );
}
