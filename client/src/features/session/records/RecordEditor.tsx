import type { UseMutationResult } from '@tanstack/react-query';
import { CorrectionForm, type CorrectionField } from './CorrectionForm.tsx';
import { type CorrectionMode, type FormErrors, type Withdrawal, errorsFrom, reasonProblem } from './corrections.ts';

const NO_ERRORS: FormErrors = { fields: {}, form: null };

interface RecordEditorProps<Correction> {
  /** The record as the title and the announcement name it, e.g. "heart rate 112 bpm at 14:05:09". */
  what: string;
  mode: CorrectionMode;
  fields: readonly CorrectionField[];
  /** The fields (and `reason`) the API's issues may name; its messages appear beside them. */
  errorFields: readonly string[];
  correction: UseMutationResult<unknown, Error, Correction | Withdrawal>;
  /**
   * Checks the corrected values and returns errors by field. Only a correction runs it: a
   * withdrawal hides the values and keeps them as recorded, so it must not be held up by them.
   */
  validateValues: (values: Record<string, string>) => Record<string, string>;
  /** The form's values as the correction to send (a withdrawal needs only the reason). */
  toCorrection: (values: Record<string, string>, reason: string) => Correction;
  onCancel: () => void;
  onDone: (message: string) => void;
}

/** A record's correction form, saved through its correction mutation and announced once saved. */
export function RecordEditor<Correction>({ what, mode, fields, errorFields, correction, validateValues, toCorrection, onCancel, onDone }: RecordEditorProps<Correction>) {
  return (
    <CorrectionForm
      title={mode === 'correct' ? `Correct ${what}` : `Mark ${what} as entered in error`}
      mode={mode}
      fields={fields}
      pending={correction.isPending}
      errors={correction.isError ? errorsFrom(correction.error, errorFields) : NO_ERRORS}
      validate={(values, reason) => {
        const problems = mode === 'correct' ? validateValues(values) : {};
        const reasonError = reasonProblem(reason);
        return reasonError ? { ...problems, reason: reasonError } : problems;
      }}
      onSubmit={(values, reason) => {
        const withdrawal: Withdrawal = { mode: 'error', reason };
        correction.mutate(mode === 'error' ? withdrawal : toCorrection(values, reason), {
          onSuccess: () => onDone(mode === 'correct' ? `Correction saved for ${what}.` : `Marked ${what} as entered in error.`),
        });
      }}
      onCancel={onCancel}
    />
  );
}
