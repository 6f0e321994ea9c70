import { useEffect, useState } from 'react';
import { StayOrSignOutDialog } from '../StayOrSignOutDialog.tsx';
import { secondsLeft } from './idleTimer.ts';

interface IdleWarningDialogProps {
  /** When the sign-in ends (ms since the epoch). */
  deadline: number;
  /** "15 minutes": the idle time, for the explanation. */
  idleText: string;
  onStay: () => void;
  onSignOut: () => void;
}

/** Spoken once each, so a screen reader hears the countdown without a word every second. */
const SPOKEN_MARKS = [30, 10] as const;

/**
 * "You will be signed out in 60 s": a modal on the native `<dialog>` (focus trapped, Escape
 * means stay), with "Stay signed in" focused so Enter or Space keeps the sign-in.
 */
export function IdleWarningDialog({ deadline, idleText, onStay, onSignOut }: IdleWarningDialogProps) {
  const [now, setNow] = useState(() => Date.now());
  const [startSeconds] = useState(() => secondsLeft(deadline, Date.now()));

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const seconds = secondsLeft(deadline, now);
  const mark = SPOKEN_MARKS.filter((m) => m < startSeconds && seconds <= m).at(-1);

  return (
    <StayOrSignOutDialog
      marker={{ 'data-idle-warning': '' }}
      icon={
        <>
          <circle cx="12" cy="13" r="8" />
          <path d="M12 9v4.2l2.6 1.6M9.5 2.5h5" />
        </>
      }
      title="Are you still there?"
      body={(bodyId) => (
        <>
          <p className="idle-dialog__body" id={bodyId}>
            You will be signed out in{' '}
            <strong className="idle-dialog__count" data-idle-countdown={seconds}>
              {seconds} s
            </strong>
            . There has been no activity on this screen for almost {idleText}; signing out keeps patient records private.
          </p>
          <p className="sr-only" aria-live="assertive">
            {mark === undefined ? '' : `${mark} seconds left`}
          </p>
        </>
      )}
      signOutLabel="Sign out now"
      onStay={onStay}
      onSignOut={onSignOut}
    />
  );
}
