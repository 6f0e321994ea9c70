import { useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/auth/permissions.ts';
import type { UserAccount } from '../../../../shared/schemas/auth.ts';
import { formatDateTime } from '../../ui/format.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { AdminNotice, useAdminNotice } from './AdminNotice.tsx';
import { NewUserForm } from './NewUserForm.tsx';
import { ResetPasswordDialog, RolesDialog, SwitchAccountDialog } from './UserDialogs.tsx';
import { useAccountSwitch, useUserAccounts } from './adminQueries.ts';

type OpenDialog = { kind: 'password' | 'roles' | 'disable' | 'enable'; account: UserAccount };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Accounts: who may sign in, with which roles; created, reset, re-roled, disabled — never deleted. */
export function UsersPanel() {
  const me = useSignedInUser();
  const accounts = useUserAccounts();
  const unlock = useAccountSwitch();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, announce] = useAdminNotice();

  const done = (message: string) => {
    setDialog(null);
    announce(message);
  };

  const list = accounts.data ?? [];
  const locked = list.filter((account) => account.locked).length;
  const disabled = list.filter((account) => account.disabled).length;

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="accounts-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="accounts-title">
            Accounts
          </h2>
          {accounts.data ? (
            <p className="admin-card__summary">
              <span>{list.length} people</span>
              {locked > 0 ? <span className="admin-card__summary-flag">{locked} locked</span> : null}
              {disabled > 0 ? <span>{disabled} disabled</span> : null}
            </p>
          ) : null}
        </div>
        <AdminNotice notice={notice} />
        {unlock.error ? (
          <p className="admin-form-error" role="alert">
            {unlock.error.message}
          </p>
        ) : null}
        {accounts.isPending ? (
          <StatusMessage tone="loading" title="Loading accounts…" />
        ) : accounts.isError ? (
          <StatusMessage
            tone="error"
            title="The accounts could not be loaded"
            action={
              <button type="button" className="button button--primary" onClick={() => void accounts.refetch()}>
                Try again
              </button>
            }
          >
            <p>{accounts.error.message}</p>
          </StatusMessage>
        ) : (
          <div className="admin-table-wrap">
            <table className="admin-table admin-table--users admin-table--two-line" data-admin-table="users">
              <caption className="sr-only">Accounts, by name</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="admin-col--created">
                    Created
                  </th>
                  <th scope="col" className="admin-col--under">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((account) => {
                  const isSelf = account.id === me.id;
                  return (
                    <tr key={account.id} data-username={account.username} className={account.disabled ? 'admin-table__row--muted' : undefined}>
                      <th scope="row" className="admin-person">
                        <span className="admin-person__name">
                          {account.displayName}
                          {isSelf ? <span className="admin-person__self"> (you)</span> : null}
                        </span>
                        <span className="admin-person__username">{account.username}</span>
                      </th>
                      <td>
                        <ul className="admin-badges" aria-label="Roles">
                          {account.roles.map((role) => (
                            <li key={role} className={`admin-badge admin-badge--role admin-badge--${role}`}>
                              {ROLE_LABELS[role]}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <AccountStatus account={account} />
                      </td>
                      <td className="admin-table__nowrap admin-col--created">
                        <time dateTime={account.createdAt} title={formatDateTime(account.createdAt)}>
                          {dateFormat.format(new Date(account.createdAt))}
                        </time>
                      </td>
                      <td className="admin-table__actions admin-table__under">
                        <div className="admin-row-actions">
                          {account.locked ? (
                            <button
                              type="button"
                              className="button admin-button--small admin-button--attention"
                              disabled={unlock.isPending}
                              onClick={() =>
                                unlock.mutate(
                                  { id: account.id, change: 'unlock' },
                                  { onSuccess: (saved) => announce(`The account of ${saved.displayName} is unlocked.`) },
                                )
                              }
                            >
                              Unlock<span className="sr-only"> {account.displayName}</span>
                            </button>
                          ) : null}
                          <button type="button" className="button admin-button--small" onClick={() => setDialog({ kind: 'password', account })}>
                            Reset password<span className="sr-only"> of {account.displayName}</span>
                          </button>
                          <button type="button" className="button admin-button--small" onClick={() => setDialog({ kind: 'roles', account })}>
                            Roles<span className="sr-only"> of {account.displayName}</span>
                          </button>
                          {isSelf ? null : account.disabled ? (
                            <button type="button" className="button admin-button--small" onClick={() => setDialog({ kind: 'enable', account })}>
                              Enable<span className="sr-only"> {account.displayName}</span>
                            </button>
                          ) : (
                            <button type="button" className="button admin-button--small admin-button--quiet-danger" onClick={() => setDialog({ kind: 'disable', account })}>
                              Disable<span className="sr-only"> {account.displayName}</span>
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p className="admin-card__foot">
          Accounts are never deleted: each person's name stays on the records they made. Disable an account to end its sign-ins.
        </p>
      </section>

      <NewUserForm onCreated={(account) => announce(`Account created for ${account.displayName} (${account.username}).`)} />

      {dialog?.kind === 'password' ? <ResetPasswordDialog account={dialog.account} onDone={done} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'roles' ? <RolesDialog account={dialog.account} isSelf={dialog.account.id === me.id} onDone={done} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'disable' || dialog?.kind === 'enable' ? (
        <SwitchAccountDialog account={dialog.account} change={dialog.kind} onDone={done} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

/** Shape and words, not colour alone: a dot for active, a padlock for locked, a bar for disabled. */
function AccountStatus({ account }: { account: UserAccount }) {
  if (account.disabled) {
    return (
      <span className="admin-status admin-status--disabled" data-status="disabled">
        Disabled
      </span>
    );
  }
  if (account.locked) {
    return (
      <>
        <span className="admin-status admin-status--locked" data-status="locked">
          <svg className="admin-status__lock" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M5 7V5a3 3 0 0 1 6 0v2" />
            <rect x="3" y="7" width="10" height="7" rx="1.5" />
          </svg>
          Locked
        </span>
        <span className="admin-table__sub admin-status__detail--locked">after {account.failedSignIns} failed sign-ins</span>
      </>
    );
  }
  return (
    <>
      <span className="admin-status admin-status--active" data-status="active">
        Active
      </span>
      {account.failedSignIns > 0 ? (
        <span className="admin-table__sub">
          {account.failedSignIns} failed sign-in{account.failedSignIns === 1 ? '' : 's'}
        </span>
      ) : null}
    </>
  );
}
