import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { SIDE_EFFECT_KINDS, SIDE_EFFECTS } from '../../../../shared/sideEffects/catalogue.ts';
import { INDICATIONS, INDICATION_LABELS } from '../../../../shared/session/protocol.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { useChairs, useUsers } from '../schedule/scheduleQueries.ts';
import { useHistorySearch } from './historyQueries.ts';
import { dayBoundary } from './historyText.ts';
import { StatusBadge } from './StatusBadge.tsx';
import './history.css';

const PAGE_SIZE = 25;

interface Filters {
  q: string;
  fromDay: string;
  toDay: string;
  chairId: string;
  indication: string;
  clinicianId: string;
  sideEffect: string;
  withAlarms: string;
  status: string;
}

const EMPTY: Filters = { q: '', fromDay: '', toDay: '', chairId: '', indication: '', clinicianId: '', sideEffect: '', withAlarms: '', status: '' };

function toParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.fromDay) params.set('from', dayBoundary(filters.fromDay, false));
  if (filters.toDay) params.set('to', dayBoundary(filters.toDay, true));
  for (const key of ['chairId', 'indication', 'clinicianId', 'sideEffect', 'withAlarms', 'status'] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  return params;
}

/** Finished and running sessions, searched by patient, date and clinical filters, a server page at a time. */
export function HistoryPage() {
  const mayRead = useCan('history.read');
  const mayExport = useCan('record.export');
  const chairs = useChairs(mayRead);
  const users = useUsers(mayRead);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  /** Cursors of the pages before the one shown: Newer pops, Older pushes. */
  const [cursors, setCursors] = useState<string[]>([]);
  const params = useMemo(() => {
    const p = toParams(applied);
    const after = cursors.at(-1);
    if (after) p.set('after', after);
    return p.toString();
  }, [applied, cursors]);
  const search = useHistorySearch(params, mayRead);
  const id = useId();

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">History</h1>
        <NoAccess what="the session history" />
      </div>
    );
  }

  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
    setCursors([]);
  };
  const exportRange =
    applied.fromDay && applied.toDay
      ? `/api/history/export.csv?${new URLSearchParams({ from: dayBoundary(applied.fromDay, false), to: dayBoundary(applied.toDay, true) }).toString()}`
      : null;

  return (
    <div className="page history-page">
      <h1 className="history-page__title">Session history</h1>
      <form className="history-filters" onSubmit={submit} aria-label="Search sessions">
        <div className="history-field history-field--wide">
          <label htmlFor={`${id}-q`}>Patient name or MRN</label>
          <input id={`${id}-q`} type="search" value={draft.q} onChange={set('q')} autoComplete="off" />
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={draft.fromDay} onChange={set('fromDay')} />
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={draft.toDay} onChange={set('toDay')} />
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-chair`}>Chair</label>
          <select id={`${id}-chair`} value={draft.chairId} onChange={set('chairId')}>
            <option value="">Any chair</option>
            {(chairs.data ?? []).map((chair) => (
              <option key={chair.id} value={chair.id}>
                {chair.label}
              </option>
            ))}
          </select>
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-indication`}>Indication</label>
          <select id={`${id}-indication`} value={draft.indication} onChange={set('indication')}>
            <option value="">Any indication</option>
            {INDICATIONS.map((indication) => (
              <option key={indication} value={indication}>
                {INDICATION_LABELS[indication]}
              </option>
            ))}
          </select>
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-clinician`}>Clinician</label>
          <select id={`${id}-clinician`} value={draft.clinicianId} onChange={set('clinicianId')}>
            <option value="">Any clinician</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-side-effect`}>Side effect</label>
          <select id={`${id}-side-effect`} value={draft.sideEffect} onChange={set('sideEffect')}>
            <option value="">Any</option>
            {SIDE_EFFECT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {SIDE_EFFECTS[kind].label}
              </option>
            ))}
          </select>
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-alarms`}>Alarms</label>
          <select id={`${id}-alarms`} value={draft.withAlarms} onChange={set('withAlarms')}>
            <option value="">With or without</option>
            <option value="true">With alarms</option>
            <option value="false">Without alarms</option>
          </select>
        </div>
        <div className="history-field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={draft.status} onChange={set('status')}>
            <option value="">Any status</option>
            <option value="scheduled">Scheduled</option>
            <option value="inProgress">In progress</option>
            <option value="completed">Completed</option>
            <option value="signed">Signed</option>
          </select>
        </div>
        <div className="history-filters__actions">
          <button type="submit" className="button button--primary">
            Search
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
              setCursors([]);
            }}
          >
            Clear
          </button>
          {mayExport ? (
            exportRange ? (
              <a className="button" href={exportRange} download>
                Export range as CSV
              </a>
            ) : (
              <span className="history-filters__hint">Set a date range to export it as CSV.</span>
            )
          ) : null}
        </div>
      </form>

      {search.isPending ? (
        <StatusMessage tone="loading" title="Searching…" />
      ) : search.isError ? (
        <StatusMessage tone="error" title="The search failed">
          <p>{search.error.message}</p>
        </StatusMessage>
      ) : search.data.sessions.length === 0 ? (
        <StatusMessage tone="empty" title="No sessions match" />
      ) : (
        <>
          <div className="history-table-wrap">
            <table className="history-table" data-results={search.data.sessions.length}>
              <caption className="sr-only">Sessions found</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Patient</th>
                  <th scope="col">MRN</th>
                  <th scope="col">Chair</th>
                  <th scope="col">Indication</th>
                  <th scope="col">Nurse / physician</th>
                  <th scope="col">Side effects</th>
                  <th scope="col">Alarms</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {search.data.sessions.map((row) => (
                  <tr key={row.id} data-session-id={row.id}>
                    <td>{formatDateTime(row.infusionStartedAt ?? row.createdAt)}</td>
                    <td>
                      <Link href={`/patients/${row.patient.id}`}>{row.patient.name}</Link>
                    </td>
                    <td>{row.patient.mrn}</td>
                    <td>{row.chair.label}</td>
                    <td>{INDICATION_LABELS[row.indication]}</td>
                    <td>
                      {row.nurse} / {row.physician}
                    </td>
                    <td>{row.sideEffectKinds.length ? row.sideEffectKinds.map((k) => SIDE_EFFECTS[k].label).join(', ') : '—'}</td>
                    <td>{row.alarmCount}</td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td className="history-table__open">
                      <Link href={`/sessions/${row.id}`} aria-label={`Open session of ${row.patient.name}`}>
                        Open
                      </Link>{' '}
                      <Link href={`/sessions/${row.id}/report`} aria-label={`Report of ${row.patient.name}`}>
                        Report
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="history-pager" aria-label="Result pages">
            <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ← Newer
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              className="button"
              disabled={!search.data.nextAfter}
              onClick={() => {
                const next = search.data.nextAfter;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Older →
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
