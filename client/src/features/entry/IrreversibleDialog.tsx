import { useId, useState } from 'react';
import { infusionEventInputSchema, phaseChangeSchema } from '../../../../shared/schemas/session.ts';
import type { ApiError } from '../../api/ApiError.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { capitalize } from './capitalize.ts';
import { type SessionAction, confirmationText } from './sessionActions.ts';

interface IrreversibleDialogProps {
  action: SessionAction | undefined;
  pending: boolean;
  error: ApiError | null;
  onCancel: () => void;
  onConfirm: (reason: string | undefined) => void;
}

/**
 * Asks before a step that cannot be undone (stop, discharge, abort), with a reason: required to
 * abort, optional otherwise, checked against the shared phase-change rules before it is sent.
 */
export function IrreversibleDialog({ action, pending, error, onCancel, onConfirm }: IrreversibleDialogProps) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const id = useId();
  if (!action) return null;
  const reasonRequired = action.id === 'abort';
  const title = action.id === 'stopped' ? 'Stop the infusion?' : action.id === 'discharge' ? 'Discharge the patient?' : 'Abort this session?';
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={pending ? 'Saving…' : action.id === 'stopped' ? 'Stop infusion' : action.id === 'discharge' ? 'Discharge' : 'Abort session'}
      cancelLabel="Keep going"
      tone={action.id === 'abort' ? 'danger' : 'caution'}
      confirmDisabled={pending}
      focusConfirm={!reasonRequired}
      onCancel={onCancel}
      onConfirm={() => {
        const trimmed = reason.trim();
        if (action.id === 'abort') {
          const parsed = phaseChangeSchema.safeParse({ to: 'aborted', reason: trimmed || undefined });
          if (!parsed.success) {
            setReasonError(parsed.error.issues[0]?.message ?? 'give a reason');
            return;
          }
        } else if (trimmed) {
          // Each step's reason by its own rule: stopping is an infusion event, discharge a phase change.
          const parsed =
            action.id === 'stopped' ? infusionEventInputSchema.shape.reason.safeParse(trimmed) : phaseChangeSchema.safeParse({ to: 'discharged', reason: trimmed });
          if (!parsed.success) {
            setReasonError(parsed.error.issues[0]?.message ?? 'check the reason');
            return;
          }
        }
        onConfirm(trimmed || undefined);
      }}
    >
      <p className="confirm-dialog__warning">{confirmationText(action)}</p>
      <div className="dialog-field">
        <label htmlFor={`${id}-reason`} className="dialog-field__label">
          Reason{reasonRequired ? '' : ' (optional)'}
        </label>
        <textarea
          id={`${id}-reason`}
          className="dialog-field__input"
          rows={2}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonError(null);
          }}
        />
        {reasonError ? (
          <p className="field-error" id={`${id}-reason-error`}>
            {capitalize(reasonError)}
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="entry-form-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
