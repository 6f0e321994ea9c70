import { type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, useId } from 'react';
import { PERSON_ROLES, type PersonRole, ROLE_LABELS } from '../../../../shared/auth/permissions.ts';

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}

/** The hint and the error are both tied to the control, so a screen reader hears them with it. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  return (
    <div className={error ? 'admin-field admin-field--invalid' : 'admin-field'}>
      <label className="admin-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? (
        <p className="admin-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="admin-field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface InputFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

export function InputField({ label, hint, error, ref, ...inputProps }: InputFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input
        {...inputProps}
        ref={ref}
        id={id}
        className="admin-field__control"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldShell>
  );
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  ref?: Ref<HTMLSelectElement>;
  children: ReactNode;
}

export function SelectField({ label, hint, error, ref, children, ...selectProps }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select
        {...selectProps}
        ref={ref}
        id={id}
        className="admin-field__control admin-field__select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {children}
      </select>
    </FieldShell>
  );
}

interface RoleCheckboxesProps {
  legend: string;
  value: readonly PersonRole[];
  onChange: (roles: PersonRole[]) => void;
  error?: string | undefined;
  /** Roles that cannot be unticked here (an administrator keeps their own admin role). */
  locked?: readonly PersonRole[];
  lockedHint?: string;
  ref?: Ref<HTMLInputElement>;
}

/** The roles from the permission table, as a group of checkboxes with one error for the group. */
export function RoleCheckboxes({ legend, value, onChange, error, locked = [], lockedHint, ref }: RoleCheckboxesProps) {
  const id = useId();
  const hint = locked.length > 0 ? lockedHint : undefined;
  return (
    <fieldset
      className={error ? 'admin-roles admin-field--invalid' : 'admin-roles'}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend className="admin-field__label">{legend}</legend>
      <div className="admin-roles__options">
        {PERSON_ROLES.map((role, index) => {
          const checked = value.includes(role);
          const isLocked = locked.includes(role) && checked;
          return (
            <label key={role} className="admin-roles__option">
              <input
                ref={index === 0 ? ref : undefined}
                type="checkbox"
                name="roles"
                value={role}
                checked={checked}
                disabled={isLocked}
                onChange={(event) => onChange(event.target.checked ? PERSON_ROLES.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role))}
              />
              <span>{ROLE_LABELS[role]}</span>
            </label>
          );
        })}
      </div>
      {hint ? (
        <p className="admin-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="admin-field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
