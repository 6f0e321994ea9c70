import type { PersonRole } from '../../../../shared/auth/permissions.ts';
import { PASSWORD_MIN_LENGTH, type UserAccount, newUserSchema } from '../../../../shared/schemas/auth.ts';
import { AdminFormCard } from './AdminFormCard.tsx';
import { InputField, RoleCheckboxes } from './Field.tsx';
import { useCreateUser } from './adminQueries.ts';
import { useDraftForm } from './useDraftForm.ts';

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, letters mixed with digits or symbols, not containing the user name.`;

const blank = () => ({ id: crypto.randomUUID(), displayName: '', username: '', roles: ['nurse'] as PersonRole[], password: '' });

/**
 * A new account, checked with the shared `newUserSchema`. The id is made here, once per new
 * person, so a retry cannot create the account twice.
 */
export function NewUserForm({ onCreated }: { onCreated: (account: UserAccount) => void }) {
  const createUser = useCreateUser();
  const form = useDraftForm({
    fields: ['displayName', 'username', 'roles', 'password'] as const,
    blank,
    schema: newUserSchema,
    mutation: createUser,
    onSaved: onCreated,
  });

  return (
    <AdminFormCard
      title="New account"
      onSubmit={form.submit}
      error={form.formError}
      submitLabel="Create account"
      busyLabel="Creating…"
      busy={createUser.isPending}
    >
      <InputField {...form.textField('displayName')} label="Full name" autoComplete="off" hint="As it should appear on the records this person makes." />
      <InputField
        {...form.textField('username')}
        label="User name"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        hint="Lower-case letters, digits, dot, dash or underscore."
      />
      <RoleCheckboxes ref={form.ref('roles')} legend="Roles" value={form.draft.roles} onChange={(roles) => form.edit('roles', roles)} error={form.errors.roles} />
      <InputField {...form.textField('password')} label="First password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} />
    </AdminFormCard>
  );
}
