import { type FormEvent, useMemo, useState } from 'react';
import type { AuditEntryView, UserAccount } from '../../../../shared/schemas/auth.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useCan } from '../auth/signedInUser.ts';
import { InputField, SelectField } from './Field.tsx';
import { useAuditTrail, useUserAccounts } from './adminQueries.ts';
import { type AuditFilter, type AuditFilterErrors, EMPTY_AUDIT_FILTER, auditFilterErrors } from './auditFilter.ts';
import { AUDIT_ACTION_GROUPS, AUDIT_ENTITY_TYPES, auditActionLabel, auditActionNote, auditChanges, entityTypeLabel, shortId } from './auditText.ts';

/** Who did what to which record, when and from where: read-only, newest first, a page at a time. */
export function AuditPanel() {
  const mayListUsers = useCan('user.manage');
  const accounts = useUserAccounts(mayListUsers);
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  const [applied, setApplied] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  const [errors, setErrors] = useState<AuditFilterErrors>({});
  const trail = useAuditTrail(applied);

  const people = useMemo(() => new Map((accounts.data ?? []).map((account) => [account.id, account])), [accounts.data]);
  const entries = useMemo(() => trail.data?.pages.flatMap((page) => page.entries) ?? [], [trail.data]);
  const filtered = Object.values(applied).some((value) => value !== '');

  const edit = (field: keyof AuditFilter, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = auditFilterErrors(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setApplied(draft);
  };

  const showEntity = (entityType: string, entityId: string) => {
    const next = { ...EMPTY_AUDIT_FILTER, entityType, entityId };
    setDraft(next);
    setErrors({});
    setApplied(next);
  };

  const clear = () => {
    setDraft(EMPTY_AUDIT_FILTER);
    setErrors({});
    setApplied(EMPTY_AUDIT_FILTER);
  };

  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="audit-filter-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="audit-filter-title">
            Search the audit trail
          </h2>
        </div>
        <form className="admin-audit-filter" onSubmit={search} noValidate aria-label="Audit trail filters">
          {mayListUsers ? (
            <SelectField label="User" name="userId" value={draft.userId} onChange={(event) => edit('userId', event.target.value)} error={errors.userId}>
              <option value="">Anyone</option>
              {(accounts.data ?? []).map((account) => (
                <option key={account.id} value={account.id}>
                  {account.displayName} ({account.username})
                </option>
              ))}
            </SelectField>
          ) : null}
          <SelectField label="Action" name="action" value={draft.action} onChange={(event) => edit('action', event.target.value)} error={errors.action}>
            <option value="">Any action</option>
            {AUDIT_ACTION_GROUPS.map((group) => (
              <optgroup key={group.prefix} label={group.label}>
                <option value={group.prefix}>Any {group.label.toLowerCase()} event</option>
                {Object.entries(group.actions).map(([action, label]) => (
                  <option key={action} value={action}>
                    {label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <SelectField label="Record type" name="entityType" value={draft.entityType} onChange={(event) => edit('entityType', event.target.value)} error={errors.entityType}>
            <option value="">Any record</option>
            {Object.entries(AUDIT_ENTITY_TYPES).map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </SelectField>
          <InputField
            label="Record id"
            name="entityId"
            autoComplete="off"
            spellCheck={false}
            value={draft.entityId}
            onChange={(event) => edit('entityId', event.target.value)}
            error={errors.entityId}
          />
          <InputField label="From" name="from" type="datetime-local" value={draft.from} onChange={(event) => edit('from', event.target.value)} error={errors.from} />
          <InputField label="To" name="to" type="datetime-local" value={draft.to} onChange={(event) => edit('to', event.target.value)} error={errors.to} />
          <div className="admin-audit-filter__actions">
            <button type="submit" className="button button--primary">
              Search
            </button>
            <button type="button" className="button" onClick={clear} disabled={!filtered && draft === EMPTY_AUDIT_FILTER}>
              Clear
            </button>
          </div>
        </form>
      </section>

      <section className="admin-card" aria-labelledby="audit-results-title" aria-busy={trail.isFetching}>
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="audit-results-title">
            {filtered ? 'Matching entries' : 'Latest entries'}
          </h2>
          <p className="admin-card__summary" role="status">
            {trail.isPending ? 'Searching…' : trail.isError ? '' : `${entries.length}${trail.hasNextPage ? '+' : ''} shown, newest first`}
          </p>
        </div>
        {trail.isPending ? (
          <StatusMessage tone="loading" title="Searching the audit trail…" />
        ) : trail.isError ? (
          <StatusMessage
            tone="error"
            title="The audit trail could not be searched"
            action={
              <button type="button" className="button button--primary" onClick={() => void trail.refetch()}>
                Try again
              </button>
            }
          >
            <p>{trail.error.message}</p>
          </StatusMessage>
        ) : entries.length === 0 ? (
          <p className="admin-empty">{filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</p>
        ) : (
          <div className="admin-table-wrap">
            <table className="admin-table admin-table--audit admin-table--two-line" data-admin-table="audit">
              <caption className="sr-only">Audit entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className="admin-col--when">
                    When
                  </th>
                  <th scope="col" className="admin-col--who">
                    Who
                  </th>
                  <th scope="col" className="admin-col--action">
                    Action
                  </th>
                  <th scope="col" className="admin-col--record">
                    Record
                  </th>
                  <th scope="col" className="admin-col--under">
                    Changes
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} person={entry.userId ? people.get(entry.userId) : undefined} onShowEntity={showEntity} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {trail.hasNextPage ? (
          <div className="admin-card__more">
            <button type="button" className="button" onClick={() => void trail.fetchNextPage()} disabled={trail.isFetchingNextPage}>
              {trail.isFetchingNextPage ? 'Loading older entries…' : 'Show older entries'}
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

interface AuditRowProps {
  entry: AuditEntryView;
  person: UserAccount | undefined;
  onShowEntity: (entityType: string, entityId: string) => void;
}

function AuditRow({ entry, person, onShowEntity }: AuditRowProps) {
  const changes = auditChanges(entry.before, entry.after);
  return (
    <tr data-audit-action={entry.action} data-audit-user={entry.username ?? ''}>
      <td className="admin-table__nowrap">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </td>
      <td>
        {entry.userId ? (
          <>
            <span className="admin-person__name">{person?.displayName ?? entry.username ?? shortId(entry.userId)}</span>
            {entry.username ? <span className="admin-table__sub">{entry.username}</span> : null}
          </>
        ) : (
          <span className="admin-muted">Not signed in</span>
        )}
        {entry.sourceIp ? <span className="admin-table__sub admin-mono">from {entry.sourceIp}</span> : null}
      </td>
      <td>
        <span className="admin-audit-action">{auditActionLabel(entry.action)}</span>
        <span className="admin-table__sub admin-mono">{entry.action}</span>
      </td>
      <td>
        <span>{entityTypeLabel(entry.entityType)}</span>
        {entry.entityId ? (
          <button
            type="button"
            className="admin-link-button admin-mono"
            title={`Show every entry about ${entry.entityId}`}
            onClick={() => onShowEntity(entry.entityType, entry.entityId ?? '')}
          >
            {shortId(entry.entityId)}
            <span className="sr-only"> — show every entry about this {entityTypeLabel(entry.entityType).toLowerCase()}</span>
          </button>
        ) : null}
      </td>
      <td className="admin-table__under">
        {changes.length === 0 && !entry.reason ? (
          <span className="admin-muted">{auditActionNote(entry.action) ?? '—'}</span>
        ) : (
          <dl className="admin-changes">
            {changes.map((change) => (
              <div key={change.field} className="admin-changes__row">
                <dt>{change.field}</dt>
                <dd>
                  {change.before !== undefined && change.after !== undefined ? (
                    <>
                      <del className="admin-changes__before">{change.before}</del>
                      <span className="admin-changes__arrow" aria-hidden="true">
                        →
                      </span>
                      <span className="sr-only"> changed to </span>
                      <ins className="admin-changes__after">{change.after}</ins>
                    </>
                  ) : change.after !== undefined ? (
                    <span>{change.after}</span>
                  ) : (
                    <del className="admin-changes__before">{change.before}</del>
                  )}
                </dd>
              </div>
            ))}
            {entry.reason ? (
              <div className="admin-changes__row">
                <dt>Reason</dt>
                <dd>{entry.reason}</dd>
              </div>
            ) : null}
          </dl>
        )}
      </td>
    </tr>
  );
}
