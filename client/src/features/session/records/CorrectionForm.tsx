import { type FormEvent, type Ref, useEffect, useId, useRef, useState } from 'react';
import type { CorrectionMode, FormErrors } from './corrections.ts';

export interface CorrectionField {
  name: string;
  label: string;
  /** Shown after the input (a unit). */
  suffix?: string;
  initial: string;
  type: 'number' | 'text' | 'select';
  options?: ReadonlyArray<{ value: string; label: string }>;
}

interface CorrectionFormProps {
  /** What is being changed, e.g. "Correct heart rate 112 bpm at 14:05:09". */
  title: string;
  mode: CorrectionMode;
  fields: readonly CorrectionField[];
  pending: boolean;
  errors: FormErrors;
  /** Checks before sending; returns field errors to show instead. */
  validate: (values: Record<string, string>, reason: string) => Record<string, string>;
  onSubmit: (values: Record<string, string>, reason: string) => void;
  onCancel: () => void;
}

/**
 * Correct a record or mark it entered in error, always with a reason. Errors (the form's own
 * checks, then the API's `issues`) appear beside their field and are announced.
 */
export function CorrectionForm({ title, mode, fields, pending, errors, validate, onSubmit, onCancel }: CorrectionFormProps) {
  const id = useId();
  const firstInput = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const shownFields = mode === 'correct' ? fields : [];

  useEffect(() => {
    firstInput.current?.focus();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values: Record<string, string> = {};
    for (const field of shownFields) values[field.name] = String(data.get(field.name) ?? '').trim();
    const reason = String(data.get('reason') ?? '').trim();
    const problems = validate(values, reason);
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      const first = [...shownFields.map((field) => field.name), 'reason'].find((name) => problems[name]);
      if (first) (event.currentTarget.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    onSubmit(values, reason);
  };

  const errorFor = (name: string): string | undefined => clientErrors[name] ?? errors.fields[name];

  return (
    <form className={`correction-form correction-form--${mode}`} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <p className="correction-form__title" id={`${id}-title`}>
        {title}
      </p>
      {errors.form ? (
        <p className="correction-form__error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <div className="correction-form__fields">
        {shownFields.map((field, index) => {
          const error = errorFor(field.name);
          const inputId = `${id}-${field.name}`;
          const common = {
            id: inputId,
            name: field.name,
            defaultValue: field.initial,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? `${inputId}-error` : undefined,
            className: 'correction-form__input',
          } as const;
          return (
            <div key={field.name} className={error ? 'correction-form__field correction-form__field--invalid' : 'correction-form__field'}>
              <label htmlFor={inputId}>{field.label}</label>
              <span className="correction-form__control">
                {field.type === 'select' ? (
                  <select {...common} ref={index === 0 ? firstInput : undefined}>
                    {field.options?.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...common}
                    ref={index === 0 ? firstInput : undefined}
                    type="text"
                    inputMode={field.type === 'number' ? 'decimal' : undefined}
                    autoComplete="off"
                    size={field.type === 'number' ? 6 : 24}
                  />
                )}
                {field.suffix ? <span className="correction-form__suffix">{field.suffix}</span> : null}
              </span>
              {error ? (
                <span className="correction-form__field-error" id={`${inputId}-error`}>
                  {error}
                </span>
              ) : null}
            </div>
          );
        })}
        <ReasonField
          id={`${id}-reason`}
          error={errorFor('reason')}
          inputRef={shownFields.length === 0 ? firstInput : undefined}
          label={mode === 'correct' ? 'Reason for the correction' : 'Why is it in error?'}
        />
      </div>
      <div className="correction-form__actions">
        <button type="submit" className={mode === 'error' ? 'button button--danger' : 'button button--primary'} disabled={pending}>
          {pending ? 'Saving…' : mode === 'correct' ? 'Save correction' : 'Mark entered in error'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ReasonField({
  id,
  error,
  label,
  inputRef,
}: {
  id: string;
  error: string | undefined;
  label: string;
  inputRef: Ref<HTMLInputElement & HTMLSelectElement> | undefined;
}) {
  return (
    <div className={error ? 'correction-form__field correction-form__field--reason correction-form__field--invalid' : 'correction-form__field correction-form__field--reason'}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        name="reason"
        type="text"
        className="correction-form__input"
        autoComplete="off"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <span className="correction-form__field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
