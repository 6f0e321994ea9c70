import { type ReactNode, useRef } from 'react';
import { useModalDialog } from '../../ui/useModalDialog.ts';
import './ConfirmDialog.css';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: 'caution' | 'danger';
  /** Disables the confirm button, e.g. while a required reason is missing or a request is running. */
  confirmDisabled?: boolean;
  /** Focus the confirm button (Enter confirms) rather than the first field inside. */
  focusConfirm?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question on the native `<dialog>`: focus is trapped inside, Escape cancels, and focus
 * returns to where it was. Mounted only while open.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Go back',
  tone = 'caution',
  confirmDisabled = false,
  focusConfirm = true,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  const { dialog, titleId, bodyId } = useModalDialog((element) =>
    focusConfirm ? confirm.current : element.querySelector<HTMLElement>('input, textarea, select'),
  );

  return (
    <dialog
      ref={dialog}
      className={`confirm-dialog confirm-dialog--${tone}`}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        className="confirm-dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!confirmDisabled) onConfirm();
        }}
      >
        <h2 className="confirm-dialog__title" id={titleId}>
          {title}
        </h2>
        <div className="confirm-dialog__body" id={bodyId}>
          {children}
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button entry-button" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button
            ref={confirm}
            type="submit"
            className={`button entry-button ${tone === 'danger' ? 'button--danger' : 'button--primary'}`}
            disabled={confirmDisabled}
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
