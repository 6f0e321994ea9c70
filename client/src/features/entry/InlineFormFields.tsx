import type { ReactNode } from 'react';
import { capitalize } from './capitalize.ts';

interface InlineFieldProps {
  /** The control's id; its error gets `${id}-error`. */
  id: string;
  label: string;
  error: string | undefined;
  children: ReactNode;
}

/** A labelled control of an inline bedside form, with its error under it. */
export function InlineField({ id, label, error, children }: InlineFieldProps) {
  return (
    <div className={`inline-field${error ? ' inline-field--invalid' : ''}`}>
      <label className="inline-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {capitalize(error)}
        </p>
      ) : null}
    </div>
  );
}

interface InlineTextFieldProps {
  id: string;
  label: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  /** A decimal keypad on touch screens. */
  decimal?: boolean;
  /** The id of a `<datalist>` of suggestions, passed as `children`. */
  list?: string;
  children?: ReactNode;
}

/** A text input that a screen reader hears as invalid, with its error, while it has one. */
export function InlineTextField({ id, label, error, value, onChange, decimal = false, list, children }: InlineTextFieldProps) {
  return (
    <InlineField id={id} label={label} error={error}>
      <input
        id={id}
        className="inline-form__input"
        type="text"
        inputMode={decimal ? 'decimal' : undefined}
        list={list}
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
    </InlineField>
  );
}

interface InlineSelectFieldProps<T extends string> {
  id: string;
  label: string;
  error: string | undefined;
  value: T;
  /** Shown as they are: units and routes read the same on screen as in the record. */
  options: readonly T[];
  onChange: (value: T) => void;
}

export function InlineSelectField<T extends string>({ id, label, error, value, options, onChange }: InlineSelectFieldProps<T>) {
  return (
    <InlineField id={id} label={label} error={error}>
      <select id={id} className="inline-form__input" value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </InlineField>
  );
}
