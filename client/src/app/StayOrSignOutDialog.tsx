import { type ReactNode, useRef } from 'react';
import { useModalDialog } from '../ui/useModalDialog.ts';
import './idle/IdleWarningDialog.css';

interface StayOrSignOutDialogProps {
  /** Marks the dialog for tests and styles, e.g. `{ 'data-idle-warning': '' }`. */
  marker: Record<`data-${string}`, string>;
  icon: ReactNode;
  title: ReactNode;
  /** The explanation; it carries `bodyId`, which the dialog names as its description. */
  body: (bodyId: string) => ReactNode;
  signOutLabel: string;
  onStay: () => void;
  onSignOut: () => void;
  /** Also treat any other closing of the dialog as staying. */
  stayOnClose?: boolean;
}

/**
 * The question before a sign-in ends: a modal on the native `<dialog>` (focus trapped, Escape
 * means stay), with "Stay signed in" focused so Enter, Space or Escape keeps the sign-in.
 */
export function StayOrSignOutDialog({ marker, icon, title, body, signOutLabel, onStay, onSignOut, stayOnClose = false }: StayOrSignOutDialogProps) {
  const stay = useRef<HTMLButtonElement>(null);
  const { dialog, titleId, bodyId } = useModalDialog(() => stay.current);
  return (
    <dialog
      ref={dialog}
      className="idle-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      {...marker}
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
      onClose={stayOnClose ? onStay : undefined}
    >
      <div className="idle-dialog__layout">
        <svg className="idle-dialog__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          {icon}
        </svg>
        <div className="idle-dialog__content">
          <h2 className="idle-dialog__title" id={titleId}>
            {title}
          </h2>
          {body(bodyId)}
        </div>
      </div>
      <div className="idle-dialog__actions">
        <button type="button" className="button" onClick={onSignOut}>
          {signOutLabel}
        </button>
        <button ref={stay} type="button" className="button button--primary" onClick={onStay}>
          Stay signed in
        </button>
      </div>
    </dialog>
  );
}
