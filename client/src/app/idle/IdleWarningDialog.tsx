import { useEffect, useRef, useState } from 'react';
import { useModalDialog } from '../../ui/useModalDialog.ts';
import { secondsLeft } from './idleTimer.ts';
import './IdleWarningDialog.css';

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
  const stay = useRef<HTMLButtonElement>(null);
  const { dialog, titleId, bodyId } = useModalDialog(() => stay.current);
  const [now, setNow] = useState(() => Date.now());
  const [startSeconds] = useState(() => secondsLeft(deadline, Date.now()));

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const seconds = secondsLeft(deadline, now);
  const mark = SPOKEN_MARKS.filter((m) => m < startSeconds && seconds <= m).at(-1);

  return (
    <dialog
      ref={dialog}
      className="idle-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-idle-warning=""
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
    >
      <div className="idle-dialog__layout">
        <svg className="idle-dialog__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="12" cy="13" r="8" />
          <path d="M12 9v4.2l2.6 1.6M9.5 2.5h5" />
        </svg>
        <div className="idle-dialog__content">
          <h2 className="idle-dialog__title" id={titleId}>
            Are you still there?
          </h2>
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
        </div>
      </div>
      <div className="idle-dialog__actions">
        <button type="button" className="button" onClick={onSignOut}>
          Sign out now
        </button>
        <button ref={stay} type="button" className="button button--primary" onClick={onStay}>
          Stay signed in
        </button>
      </div>
    </dialog>
  );
}
