import { useState } from 'react';
import type { PersonRole } from '../../../../shared/auth/permissions.ts';
import { type UserAccount, passwordResetSchema, userRolesSchema } from '../../../../shared/schemas/auth.ts';
import { AdminDialog } from './AdminDialog.tsx';
import { InputField, RoleCheckboxes } from './Field.tsx';
import { PASSWORD_HINT } from './NewUserForm.tsx';
import { type AccountSwitch, useAccountSwitch, useResetPassword, useSetRoles } from './adminQueries.ts';
import { issuesByField, serverErrors } from './formErrors.ts';

interface DialogProps {
  account: UserAccount;
  onDone: (message: string) => void;
  onClose: () => void;
}

export function ResetPasswordDialog({ account, onDone, onClose }: DialogProps) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [clientError, setClientError] = useState<string | undefined>();
  const server = serverErrors(['password'] as const, reset.error);

  const submit = () => {
    const parsed = passwordResetSchema.safeParse({ password });
    if (!parsed.success) {
      setClientError(issuesByField(['password'] as const, parsed.error.issues).password);
      return;
    }
    setClientError(undefined);
    reset.mutate(
      { id: account.id, password: parsed.data.password },
      { onSuccess: () => onDone(`Password reset for ${account.displayName}. Their open sign-ins have ended.`) },
    );
  };

  return (
    <AdminDialog
      title={`Reset the password of ${account.displayName}`}
      submitLabel="Reset password"
      busyLabel="Resetting…"
      busy={reset.isPending}
      error={server.form}
      focusField
      onSubmit={submit}
      onClose={onClose}
    >
      <p>
        They are signed out everywhere and sign in next with this password. A lock after failed sign-ins is lifted too. Give it to them in
        person.
      </p>
      <InputField
        label="New password"
        name="new-password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          setClientError(undefined);
        }}
        hint={PASSWORD_HINT}
        error={clientError ?? server.fields.password}
      />
    </AdminDialog>
  );
}

export function RolesDialog({ account, isSelf, onDone, onClose }: DialogProps & { isSelf: boolean }) {
  const setRoles = useSetRoles();
  const [roles, setDraft] = useState<PersonRole[]>(() => account.roles.filter((role): role is PersonRole => role !== 'device'));
  const [clientError, setClientError] = useState<string | undefined>();
  const server = serverErrors(['roles'] as const, setRoles.error);

  const submit = () => {
    const parsed = userRolesSchema.safeParse({ roles });
    if (!parsed.success) {
      setClientError(issuesByField(['roles'] as const, parsed.error.issues).roles);
      return;
    }
    setClientError(undefined);
    setRoles.mutate({ id: account.id, roles: parsed.data.roles }, { onSuccess: (saved) => onDone(`Roles of ${saved.displayName} saved.`) });
  };

  return (
    <AdminDialog
      title={`Roles of ${account.displayName}`}
      submitLabel="Save roles"
      busy={setRoles.isPending}
      error={server.form}
      focusField
      onSubmit={submit}
      onClose={onClose}
    >
      <p>Roles decide what this person may see and do; the change applies to their next request.</p>
      <RoleCheckboxes
        legend="Roles"
        value={roles}
        onChange={(next) => {
          setDraft(next);
          setClientError(undefined);
        }}
        locked={isSelf ? ['admin'] : []}
        lockedHint="You cannot remove your own administrator role; another administrator can."
        error={clientError ?? server.fields.roles}
      />
    </AdminDialog>
  );
}

const SWITCH_TEXT: Readonly<Record<Exclude<AccountSwitch, 'unlock'>, { title: string; body: string; submit: string; done: string }>> = {
  disable: {
    title: 'Disable the account of',
    body: 'They are signed out at once and cannot sign in until the account is enabled again. Their name stays on every record they made.',
    submit: 'Disable account',
    done: 'disabled',
  },
  enable: {
    title: 'Enable the account of',
    body: 'They can sign in again with their current password.',
    submit: 'Enable account',
    done: 'enabled again',
  },
};

export function SwitchAccountDialog({ account, change, onDone, onClose }: DialogProps & { change: 'disable' | 'enable' }) {
  const accountSwitch = useAccountSwitch();
  const text = SWITCH_TEXT[change];
  return (
    <AdminDialog
      title={`${text.title} ${account.displayName}?`}
      submitLabel={text.submit}
      busy={accountSwitch.isPending}
      tone={change === 'disable' ? 'danger' : 'normal'}
      error={accountSwitch.error ? accountSwitch.error.message : null}
      onSubmit={() => accountSwitch.mutate({ id: account.id, change }, { onSuccess: (saved) => onDone(`The account of ${saved.displayName} is ${text.done}.`) })}
      onClose={onClose}
    >
      <p>{text.body}</p>
    </AdminDialog>
  );
}
