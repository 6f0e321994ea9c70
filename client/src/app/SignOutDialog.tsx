import { StayOrSignOutDialog } from './StayOrSignOutDialog.tsx';

interface SignOutDialogProps {
  /** Entries saved on this device that have not reached the server yet. */
  pending: number;
  /** Entries the server refused, still waiting on this device for someone to look at them. */
  refused: number;
  onStay: () => void;
  onSignOut: () => void;
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

/**
 * Asked before a deliberate sign-out while entries wait in this device's outbox: they are sent
 * only under their author's sign-in, so once signed out they sit on a shared tablet, unseen by
 * the ward. "Stay signed in" is focused, so Enter, Space or Escape keeps them going.
 */
export function SignOutDialog({ pending, refused, onStay, onSignOut }: SignOutDialogProps) {
  const waiting = pending + refused;
  return (
    <StayOrSignOutDialog
      marker={{ 'data-sign-out-warning': '' }}
      icon={
        <>
          <path d="M12 3 2.5 20h19L12 3Z" />
          <path d="M12 10v4.5M12 17.2v.1" />
        </>
      }
      title={waiting === 0 ? 'Everything is sent' : `${entries(waiting)} not sent yet`}
      body={(bodyId) => (
        <div id={bodyId} className="idle-dialog__content">
          {waiting === 0 ? (
            <p className="idle-dialog__body">All entries from this device have now reached the server.</p>
          ) : (
            <>
              <p className="idle-dialog__body" data-sign-out-pending={pending} data-sign-out-refused={refused}>
                {pending > 0 ? (
                  <>
                    <strong className="idle-dialog__count">{entries(pending)}</strong> recorded on this device {pending === 1 ? 'has' : 'have'} not reached the server yet
                    {refused > 0 ? ', and ' : '.'}
                  </>
                ) : null}
                {refused > 0 ? (
                  <>
                    <strong className="idle-dialog__count">{entries(refused)}</strong> {refused === 1 ? 'was' : 'were'} refused and {refused === 1 ? 'needs' : 'need'} checking.
                  </>
                ) : null}
              </p>
              <p className="idle-dialog__body">
                If you sign out now, they stay on this device and go to the server only when you sign in here again; until then nobody else sees them on the ward.
              </p>
            </>
          )}
        </div>
      )}
      signOutLabel={waiting === 0 ? 'Sign out' : 'Sign out anyway'}
      onStay={onStay}
      onSignOut={onSignOut}
      // Closed some other way (the browser may close a modal on a repeated Escape without asking):
      // that is staying too, or the next "Sign out" would find the question already "open".
      stayOnClose
    />
  );
}
