import { useId } from 'react';
import { LIMIT_GROUPS, type LimitErrors, type LimitValues } from './limitsForm.ts';

interface LimitsFieldsProps {
  values: LimitValues;
  errors: LimitErrors;
  onChange: (path: string, value: string) => void;
  /** Under a field, e.g. "Clinic: 130" beside a value this session changed. */
  hints?: Readonly<Record<string, string>>;
  changed?: ReadonlySet<string>;
  disabled?: boolean;
}

/** Every alarm limit, grouped as a clinician thinks of them; each error beside its field. */
export function LimitsFields({ values, errors, onChange, hints = {}, changed, disabled = false }: LimitsFieldsProps) {
  const id = useId();
  return (
    <div className="limits-groups">
      {LIMIT_GROUPS.map((group) => (
        <fieldset key={group.id} className="limits-group" data-group={group.id}>
          <legend className="limits-group__title">{group.title}</legend>
          {group.note ? <p className="limits-group__note">{group.note}</p> : null}
          <div className="limits-group__fields">
            {group.fields.map((field) => {
              const inputId = `${id}-${field.path}`;
              const error = errors[field.path];
              const hint = hints[field.path];
              const describedBy = [error ? `${inputId}-error` : null, hint ? `${inputId}-hint` : null].filter(Boolean).join(' ') || undefined;
              const isChanged = changed?.has(field.path) ?? false;
              return (
                <div key={field.path} className={`limit-field${error ? ' limit-field--invalid' : ''}${isChanged ? ' limit-field--changed' : ''}`} data-field={field.path}>
                  <label className="limit-field__label" htmlFor={inputId}>
                    {field.label}
                  </label>
                  <span className="limit-field__control">
                    <input
                      id={inputId}
                      className="limit-field__input"
                      type="text"
                      inputMode="decimal"
                      autoComplete="off"
                      value={values[field.path] ?? ''}
                      disabled={disabled}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={describedBy}
                      onChange={(event) => onChange(field.path, event.target.value)}
                    />
                    <span className="limit-field__unit">{field.unit}</span>
                  </span>
                  {hint ? (
                    <span className="limit-field__hint" id={`${inputId}-hint`}>
                      {hint}
                    </span>
                  ) : null}
                  {error ? (
                    <span className="limit-field__error" id={`${inputId}-error`}>
                      {error}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
