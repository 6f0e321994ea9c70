import { type FormEvent, useRef, useState } from 'react';
import type { PersonRole } from '../../../../shared/auth/permissions.ts';
import { PASSWORD_MIN_LENGTH, type UserAccount, newUserSchema } from '../../../../shared/schemas/auth.ts';
import { InputField, RoleCheckboxes } from './Field.tsx';
import { useCreateUser } from './adminQueries.ts';
import { type FieldErrors, firstInvalid, issuesByField, serverErrors } from './formErrors.ts';

const FIELDS = ['displayName', 'username', 'roles', 'password'] as const;
type Field = (typeof FIELDS)[number];

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, letters mixed with digits or symbols, not containing the user name.`;

const blank = () => ({ id: crypto.randomUUID(), displayName: '', username: '', roles: ['nurse'] as PersonRole[], password: '' });

/**
 * A new account, checked with the shared `newUserSchema` before it is sent (each message next to
 * its field) and again by the server, whose issues land on the same fields. The id is made here,
 * once per new person, so a retry cannot create the account twice.
 */
export function NewUserForm({ onCreated }: { onCreated: (account: UserAccount) => void }) {
  const createUser = useCreateUser();
  const [draft, setDraft] = useState(blank);
  const [clientErrors, setClientErrors] = useState<FieldErrors<Field>>({});
  const refs = {
    displayName: useRef<HTMLInputElement>(null),
    username: useRef<HTMLInputElement>(null),
    roles: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const server = serverErrors(FIELDS, createUser.error);
  const errors: FieldErrors<Field> = { ...server.fields, ...clientErrors };

  const edit = <K extends Field>(field: K, value: (typeof draft)[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
    if (createUser.error) createUser.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = newUserSchema.safeParse(draft);
    if (!parsed.success) {
      const found = issuesByField(FIELDS, parsed.error.issues);
      setClientErrors(found);
      const first = firstInvalid(FIELDS, found);
      if (first) refs[first].current?.focus();
      return;
    }
    setClientErrors({});
    createUser.mutate(parsed.data, {
      onSuccess: (account) => {
        setDraft(blank());
        onCreated(account);
        refs.displayName.current?.focus();
      },
      onError: (error) => {
        const first = firstInvalid(FIELDS, serverErrors(FIELDS, error).fields);
        if (first) refs[first].current?.focus();
      },
    });
  };

  return (
    <section className="admin-card admin-card--form" aria-labelledby="new-user-title">
      <div className="admin-card__head">
        <h2 className="admin-card__title" id="new-user-title">
          New account
        </h2>
      </div>
      <form className="admin-form" onSubmit={submit} noValidate aria-describedby={server.form ? 'new-user-error' : undefined}>
        {server.form ? (
          <p className="admin-form-error" id="new-user-error" role="alert">
            {server.form}
          </p>
        ) : null}
        <InputField
          ref={refs.displayName}
          label="Full name"
          name="displayName"
          autoComplete="off"
          value={draft.displayName}
          onChange={(event) => edit('displayName', event.target.value)}
          hint="As it should appear on the records this person makes."
          error={errors.displayName}
        />
        <InputField
          ref={refs.username}
          label="User name"
          name="username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={draft.username}
          onChange={(event) => edit('username', event.target.value)}
          hint="Lower-case letters, digits, dot, dash or underscore."
          error={errors.username}
        />
        <RoleCheckboxes ref={refs.roles} legend="Roles" value={draft.roles} onChange={(roles) => edit('roles', roles)} error={errors.roles} />
        <InputField
          ref={refs.password}
          label="First password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={(event) => edit('password', event.target.value)}
          hint={PASSWORD_HINT}
          error={errors.password}
        />
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={createUser.isPending}>
            {createUser.isPending ? 'Creating…' : 'Create account'}
          </button>
        </div>
      </form>
    </section>
  );
}
