import type { ReactNode } from 'react';

interface InlineFormProps {
  /** The form's accessible name, e.g. "Change the infusion rate". */
  label: string;
  /** Extra class for the fields' row, for a form that lays them out its own way. */
  fieldsClassName?: string;
  pending: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/**
 * A short form that opens in place under the session's controls: its fields in a row, then cancel
 * and save (save waits while the last one is on its way). The form checks its own fields.
 */
export function InlineForm({ label, fieldsClassName, pending, submitLabel, onSubmit, onCancel, children }: InlineFormProps) {
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-label={label}
    >
      <div className={fieldsClassName ? `inline-form__fields ${fieldsClassName}` : 'inline-form__fields'}>{children}</div>
      <div className="inline-form__actions">
        <button type="button" className="button entry-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary entry-button" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
