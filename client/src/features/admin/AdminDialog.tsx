import { type FormEvent, type ReactNode, useRef } from 'react';
import { useModalDialog } from '../../ui/useModalDialog.ts';

interface AdminDialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  busyLabel?: string;
  busy?: boolean;
  tone?: 'normal' | 'danger';
  /** A form-wide problem (the server refused), announced when it appears. */
  error?: string | null;
  /** Focus the first field rather than the submit button (forms, not questions). */
  focusField?: boolean;
  onSubmit: () => void;
  onClose: () => void;
}

/**
 * A modal on the native `<dialog>`: focus is trapped inside, Escape closes, and focus goes back
 * to the button that opened it. Mounted only while open.
 */
export function AdminDialog({ title, children, submitLabel, busyLabel, busy = false, tone = 'normal', error, focusField = false, onSubmit, onClose }: AdminDialogProps) {
  const submit = useRef<HTMLButtonElement>(null);
  const { dialog, titleId, bodyId } = useModalDialog(
    (element) => (focusField ? element.querySelector<HTMLElement>('input:not([disabled]), select, textarea') : null) ?? submit.current,
  );

  const onFormSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <dialog
      ref={dialog}
      className={`admin-dialog admin-dialog--${tone}`}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form className="admin-dialog__form" onSubmit={onFormSubmit} noValidate>
        <h2 className="admin-dialog__title" id={titleId}>
          {title}
        </h2>
        <div className="admin-dialog__body" id={bodyId}>
          {children}
        </div>
        <div className="admin-dialog__live">
          {error ? (
            <p className="admin-form-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="admin-dialog__actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button ref={submit} type="submit" className={`button ${tone === 'danger' ? 'admin-button--danger' : 'button--primary'}`} disabled={busy}>
            {busy ? (busyLabel ?? 'Saving…') : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
