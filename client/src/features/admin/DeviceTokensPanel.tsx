import { useEffect, useRef, useState } from 'react';
import { deviceTokenInputSchema } from '../../../../shared/schemas/auth.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { AdminDialog } from './AdminDialog.tsx';
import { AdminFormCard } from './AdminFormCard.tsx';
import { AdminNotice, useAdminNotice } from './AdminNotice.tsx';
import { InputField } from './Field.tsx';
import { type DeviceTokenView, useCreateDeviceToken, useDeviceTokens, useRevokeDeviceToken } from './adminQueries.ts';
import { useDraftForm } from './useDraftForm.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * Ingest tokens for monitors and gateways. A new token is shown here once — it is stored only as
 * a hash — and a revoked one is refused from the device's next request.
 */
export function DeviceTokensPanel() {
  const tokens = useDeviceTokens();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<DeviceTokenView | null>(null);
  const [notice, announce] = useAdminNotice();

  const list = tokens.data ?? [];
  const active = list.filter((token) => !token.revokedAt).length;

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="tokens-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="tokens-title">
            Device tokens
          </h2>
          {tokens.data ? (
            <p className="admin-card__summary">
              <span>{active} active</span>
              {list.length > active ? <span>{list.length - active} revoked</span> : null}
            </p>
          ) : null}
        </div>
        <AdminNotice notice={notice} />
        {created ? <NewTokenSecret name={created.name} token={created.token} onDone={() => setCreated(null)} /> : null}
        {tokens.isPending ? (
          <StatusMessage tone="loading" title="Loading device tokens…" />
        ) : tokens.isError ? (
          <StatusMessage
            tone="error"
            title="The device tokens could not be loaded"
            action={
              <button type="button" className="button button--primary" onClick={() => void tokens.refetch()}>
                Try again
              </button>
            }
          >
            <p>{tokens.error.message}</p>
          </StatusMessage>
        ) : list.length === 0 ? (
          <p className="admin-empty">No device tokens yet. Create one for each monitor or gateway that sends readings.</p>
        ) : (
          <div className="admin-table-wrap">
            <table className="admin-table" data-admin-table="device-tokens">
              <caption className="sr-only">Device tokens, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((token) => (
                  <tr key={token.id} data-device-token={token.name} className={token.revokedAt ? 'admin-table__row--muted' : undefined}>
                    <th scope="row">
                      <span className="admin-person__name">{token.name}</span>
                    </th>
                    <td>
                      <time dateTime={token.createdAt} title={formatDateTime(token.createdAt)}>
                        {dateFormat.format(new Date(token.createdAt))}
                      </time>
                      <span className="admin-table__sub">by {token.createdBy}</span>
                    </td>
                    <td>{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : <span className="admin-muted">Never</span>}</td>
                    <td>
                      {token.revokedAt ? (
                        <>
                          <span className="admin-status admin-status--disabled" data-status="revoked">
                            Revoked
                          </span>
                          <span className="admin-table__sub">{dateFormat.format(new Date(token.revokedAt))}</span>
                        </>
                      ) : (
                        <span className="admin-status admin-status--active" data-status="active">
                          Active
                        </span>
                      )}
                    </td>
                    <td className="admin-table__actions">
                      {token.revokedAt ? null : (
                        <button type="button" className="button admin-button--small admin-button--quiet-danger" onClick={() => setRevoking(token)}>
                          Revoke<span className="sr-only"> {token.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <NewTokenForm
        onCreated={(token, name) => {
          setCreated({ token, name });
          announce(`Token created for ${name}. Copy it now.`);
        }}
      />

      {revoking ? (
        <RevokeDialog
          token={revoking}
          onDone={() => {
            announce(`The token of ${revoking.name} is revoked.`);
            setRevoking(null);
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </div>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (token: string, name: string) => void }) {
  const create = useCreateDeviceToken();
  const form = useDraftForm({
    fields: ['name'] as const,
    blank: () => ({ name: '' }),
    schema: deviceTokenInputSchema,
    mutation: create,
    onSaved: ({ token, deviceToken }) => onCreated(token, deviceToken.name),
  });

  return (
    <AdminFormCard title="New device token" onSubmit={form.submit} error={form.formError} submitLabel="Create token" busyLabel="Creating…" busy={create.isPending}>
      <InputField
        {...form.textField('name')}
        name="device-name"
        label="Device name"
        autoComplete="off"
        hint="Where it is and what it is, e.g. “Room 2 bedside monitor”. Readings it sends carry this name."
      />
    </AdminFormCard>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

/** The secret, once: selectable, copyable, and gone when dismissed or when the page is left. */
function NewTokenSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    panel.current?.focus();
  }, []);

  const copyToken = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopy('copied');
    } catch {
      // No clipboard permission (or not a secure context): select it for Ctrl+C instead.
      field.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section className="admin-secret" ref={panel} tabIndex={-1} aria-labelledby="new-token-secret-title" data-new-token="">
      <h3 className="admin-secret__title" id="new-token-secret-title">
        Token for {name}
      </h3>
      <p className="admin-secret__warning">
        <strong>Copy it now — you won't see this token again.</strong> Chairside keeps only a fingerprint of it. Enter it in the device's settings
        as a bearer token.
      </p>
      <div className="admin-secret__row">
        <label className="sr-only" htmlFor="new-token-value">
          Device token
        </label>
        <input
          ref={field}
          id="new-token-value"
          className="admin-secret__value"
          readOnly
          value={token}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button--primary" onClick={() => void copyToken()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="admin-secret__status" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'Could not copy automatically; the token is selected — press Ctrl+C.' : ''}
      </p>
      <div className="admin-secret__actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}

function RevokeDialog({ token, onDone, onClose }: { token: DeviceTokenView; onDone: () => void; onClose: () => void }) {
  const revoke = useRevokeDeviceToken();
  return (
    <AdminDialog
      title={`Revoke the token of ${token.name}?`}
      submitLabel="Revoke token"
      busyLabel="Revoking…"
      busy={revoke.isPending}
      tone="danger"
      error={revoke.error ? revoke.error.message : null}
      onSubmit={() => revoke.mutate(token.id, { onSuccess: onDone })}
      onClose={onClose}
    >
      <p>The device is refused from its next request and its readings stop arriving. This cannot be undone: give the device a new token instead.</p>
    </AdminDialog>
  );
}
