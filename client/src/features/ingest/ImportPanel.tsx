import { type DragEvent, type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { CSV_TIME_FORMATS } from '../../../../shared/ingest/csv.ts';
import type { ImportFormat, ImportPreview, ImportRequest } from '../../../../shared/ingest/schemas.ts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { isApiError } from '../../api/ApiError.ts';
import { InputField, SelectField } from '../admin/Field.tsx';
import { type ColumnChoice, ROLE_OPTIONS, buildMapping, choicesFrom, guessRole, guessTimeColumn, readHeader } from './csvColumns.ts';
import { useActiveSessions, useColumnMappings, useCommitImport, usePreviewImport } from './ingestQueries.ts';

const FORMAT_LABELS: Record<ImportFormat, string> = { hl7: 'HL7 v2 batch', csv: 'CSV trend export', fhir: 'FHIR JSON' };
const TIME_FORMAT_LABELS: Record<(typeof CSV_TIME_FORMATS)[number], string> = {
  iso: 'ISO 8601 (2025-11-10 12:00:00)',
  dmy: 'Day/month/year',
  mdy: 'Month/day/year',
  'unix-s': 'Unix seconds',
  'unix-ms': 'Unix milliseconds',
  'relative-s': 'Seconds from the start',
};
const MAX_BYTES = 900_000;

function detectFormat(fileName: string, content: string): ImportFormat {
  const head = content.replace(/^\uFEFF/, '').trimStart();
  if (/\.json$/i.test(fileName) || head.startsWith('{')) return 'fhir';
  if (/\.(hl7|er7)$/i.test(fileName) || head.startsWith('MSH|')) return 'hl7';
  return 'csv';
}

function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

interface LoadedFile {
  name: string;
  content: string;
  format: ImportFormat;
  header: string[];
}

/**
 * Import a device's export file: choose it, map a CSV's columns, preview where every reading
 * goes (and what is wrong with which row), then commit the whole file in one transaction.
 */
export function ImportPanel() {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState('');
  const [deviceModel, setDeviceModel] = useState('');
  const [timeZone, setTimeZone] = useState(localZone);
  const [timeColumn, setTimeColumn] = useState('');
  const [timeFormat, setTimeFormat] = useState<(typeof CSV_TIME_FORMATS)[number]>('iso');
  const [choices, setChoices] = useState<Record<string, ColumnChoice>>({});
  const [skipInvalidRows, setSkipInvalidRows] = useState(false);
  const [dragging, setDragging] = useState(false);
  const sessions = useActiveSessions(true);
  const remembered = useColumnMappings(true);
  const preview = usePreviewImport();
  const commit = useCommitImport();
  const inputId = useId();
  const modelsId = useId();

  const csv = file?.format === 'csv';
  const built = useMemo(() => (csv ? buildMapping(timeColumn, timeFormat, timeZone, choices) : null), [csv, timeColumn, timeFormat, timeZone, choices]);

  const request: ImportRequest | null = file
    ? {
        fileName: file.name,
        content: file.content,
        format: file.format,
        timeZone,
        ...(sessionId ? { sessionId } : {}),
        ...(deviceModel.trim() ? { deviceModel: deviceModel.trim() } : {}),
        ...(built ? { csv: built.mapping } : {}),
        skipInvalidRows,
      }
    : null;

  /** Any change makes the preview stale: it is cleared, and the commit waits for a new one. */
  const changed = () => {
    preview.reset();
    commit.reset();
  };

  const applyRemembered = (model: string, header: readonly string[]) => {
    const found = remembered.data?.find((m) => m.deviceModel.toLowerCase() === model.trim().toLowerCase());
    const prefill = found ? choicesFrom(found.mapping) : null;
    if (!prefill) return false;
    setTimeColumn(prefill.timeColumn);
    if ((CSV_TIME_FORMATS as readonly string[]).includes(prefill.timeFormat)) setTimeFormat(prefill.timeFormat as (typeof CSV_TIME_FORMATS)[number]);
    setTimeZone(prefill.timeZone);
    const next: Record<string, ColumnChoice> = {};
    for (const column of header) next[column] = prefill.choices[column] ?? { role: '', unit: '' };
    setChoices(next);
    return true;
  };

  const load = async (chosen: File | undefined) => {
    changed();
    setFileError(null);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setFile(null);
      setFileError(`${chosen.name} is ${Math.round(chosen.size / 1024)} KB; files up to ${Math.round(MAX_BYTES / 1024)} KB can be imported`);
      return;
    }
    const content = await chosen.text();
    if (content.trim() === '') {
      setFile(null);
      setFileError(`${chosen.name} is empty`);
      return;
    }
    const format = detectFormat(chosen.name, content);
    const header = format === 'csv' ? readHeader(content) : [];
    setFile({ name: chosen.name, content, format, header });
    if (format === 'csv' && !applyRemembered(deviceModel, header)) {
      setTimeColumn(guessTimeColumn(header));
      setChoices(Object.fromEntries(header.map((column) => [column, guessRole(column)])));
    }
  };

  const onDrop = (event: DragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    setDragging(false);
    void load(event.dataTransfer.files[0]);
  };

  // Server issues by field: `csv.columns.2.unit` lands on the header column that entry came from.
  const error = preview.error ?? commit.error;
  const issues = isApiError(error) ? error.issues : [];
  const fieldError = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const columnError = (column: string) => {
    const index = built?.sources.indexOf(column) ?? -1;
    return index >= 0 ? fieldError(`csv.columns.${index}`) : undefined;
  };
  const placed = ['fileName', 'content', 'sessionId', 'timeZone', 'deviceModel', 'csv.timeColumn', 'csv.timeFormat', 'csv.timeZone', 'csv.columns.'];
  const unplaced = issues.filter((i) => !placed.some((p) => i.path === p || i.path.startsWith(p.endsWith('.') ? p : `${p}.`)));
  const formError = isApiError(error) ? (issues.length === 0 || unplaced.length > 0 ? [error.message, ...unplaced.map((i) => `${i.path}: ${i.message}`)].join(' — ') : null) : error ? 'Something went wrong. Try again.' : null;

  const submitPreview = (event: FormEvent) => {
    event.preventDefault();
    commit.reset();
    if (request) preview.mutate(request);
  };

  const result = commit.data;
  const shown: ImportPreview | undefined = result?.preview ?? preview.data;

  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="import-title">
        <div className="admin-card__head">
          <h2 className="admin-card__title" id="import-title">
            Import a device export
          </h2>
          <p className="admin-card__foot">HL7 v2 batch, CSV trend export or FHIR JSON, up to 900 KB.</p>
        </div>
        <form className="admin-form" onSubmit={submitPreview} noValidate>
          <fieldset
            aria-label="Choose or drop a file"
            className={dragging ? 'ingest-drop ingest-drop--over' : 'ingest-drop'}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor={inputId} className="ingest-drop__label">
              Device export file
            </label>
            <p className="ingest-drop__hint" id={`${inputId}-hint`}>
              Drop the file here, or choose it.
            </p>
            <input
              id={inputId}
              type="file"
              accept=".csv,.txt,.hl7,.er7,.json,text/csv,application/json,text/plain"
              aria-describedby={fileError || fieldError('content') ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
              aria-invalid={fileError || fieldError('content') ? true : undefined}
              onChange={(event) => void load(event.target.files?.[0])}
            />
            {file ? (
              <p className="ingest-drop__file" data-format={file.format}>
                <strong>{file.name}</strong> · {FORMAT_LABELS[file.format]} · {Math.max(1, Math.round(file.content.length / 1024))} KB
              </p>
            ) : null}
            {fileError || fieldError('content') ? (
              <p className="admin-field__error" id={`${inputId}-error`}>
                {fileError ?? fieldError('content')}
              </p>
            ) : null}
          </fieldset>

          {file ? (
            <div className="ingest-grid">
              <SelectField
                label="Session"
                hint={csv ? 'A CSV export names no patient: choose the session its rows belong to.' : 'Automatic: by the device-to-chair mapping and the patient MRN in the file.'}
                value={sessionId}
                error={fieldError('sessionId')}
                onChange={(event) => {
                  changed();
                  setSessionId(event.target.value);
                }}
              >
                <option value="">{csv ? 'Choose a running session…' : 'Automatic (device mapping / MRN)'}</option>
                {(sessions.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.chair.label} · {s.patient.name} ({s.patient.mrn})
                  </option>
                ))}
              </SelectField>
              <InputField
                label="Time zone for times without one"
                value={timeZone}
                error={fieldError('timeZone') ?? fieldError('csv.timeZone')}
                hint="IANA name (Europe/Berlin), UTC, or an offset (+02:00)"
                onChange={(event) => {
                  changed();
                  setTimeZone(event.target.value);
                }}
              />
              {csv ? (
                <InputField
                  label="Device model"
                  list={modelsId}
                  value={deviceModel}
                  error={fieldError('deviceModel')}
                  hint="The column mapping is remembered for this model."
                  onChange={(event) => {
                    changed();
                    setDeviceModel(event.target.value);
                    applyRemembered(event.target.value, file.header);
                  }}
                />
              ) : null}
              <datalist id={modelsId}>
                {(remembered.data ?? []).map((m) => (
                  <option key={m.deviceModel} value={m.deviceModel} />
                ))}
              </datalist>
            </div>
          ) : null}

          {file && csv ? (
            <fieldset className="ingest-mapping">
              <legend className="admin-card__title ingest-mapping__legend">Column mapping</legend>
              {file.header.length === 0 ? <p className="admin-form-error">No header line was found in this file.</p> : null}
              <div className="ingest-grid">
                <SelectField
                  label="Time column"
                  value={timeColumn}
                  error={fieldError('csv.timeColumn')}
                  onChange={(event) => {
                    changed();
                    setTimeColumn(event.target.value);
                  }}
                >
                  {file.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label="Time format"
                  value={timeFormat}
                  error={fieldError('csv.timeFormat') ?? fieldError('csv.relativeTo')}
                  onChange={(event) => {
                    changed();
                    setTimeFormat(event.target.value as (typeof CSV_TIME_FORMATS)[number]);
                  }}
                >
                  {CSV_TIME_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {TIME_FORMAT_LABELS[f]}
                    </option>
                  ))}
                </SelectField>
              </div>
              {fieldError('csv.columns') && !built?.sources.some((_, i) => fieldError(`csv.columns.${i}`)) ? (
                <p className="admin-form-error">{fieldError('csv.columns')}</p>
              ) : null}
              <table className="admin-table ingest-columns" data-columns={file.header.length}>
                <caption className="sr-only">Which vital sign each column holds, and its unit</caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Vital sign</th>
                    <th scope="col">Unit</th>
                  </tr>
                </thead>
                <tbody>
                  {file.header
                    .filter((h) => h !== timeColumn)
                    .map((column) => {
                      const choice = choices[column] ?? { role: '', unit: '' };
                      const problem = columnError(column);
                      const set = (next: Partial<ColumnChoice>) => {
                        changed();
                        setChoices((all) => ({ ...all, [column]: { ...choice, ...next } }));
                      };
                      const kind = choice.role.split(':')[0] as keyof typeof VITALS | '';
                      return (
                        <tr key={column} data-column={column}>
                          <th scope="row" className="admin-mono">
                            {column}
                            {problem ? (
                              <span className="admin-field__error ingest-cell-error" id={`${inputId}-${column}-error`}>
                                {problem}
                              </span>
                            ) : null}
                          </th>
                          <td>
                            <select
                              className="admin-field__control admin-field__select"
                              aria-label={`Vital sign in column ${column}`}
                              value={choice.role}
                              aria-invalid={problem ? true : undefined}
                              aria-describedby={problem ? `${inputId}-${column}-error` : undefined}
                              onChange={(event) => set({ role: event.target.value as ColumnChoice['role'], unit: '' })}
                            >
                              {ROLE_OPTIONS.map((o) => (
                                <option key={o.value} value={o.value}>
                                  {o.label}
                                </option>
                              ))}
                            </select>
                          </td>
                          <td>
                            <input
                              className="admin-field__control ingest-unit"
                              aria-label={`Unit of column ${column}`}
                              value={choice.unit}
                              disabled={!choice.role}
                              placeholder={kind ? VITALS[kind].unit : ''}
                              aria-invalid={problem ? true : undefined}
                              aria-describedby={problem ? `${inputId}-${column}-error` : undefined}
                              onChange={(event) => set({ unit: event.target.value })}
                            />
                          </td>
                        </tr>
                      );
                    })}
                </tbody>
              </table>
            </fieldset>
          ) : null}

          {formError ? (
            <p className="admin-form-error" role="alert">
              {formError}
            </p>
          ) : null}
          <div className="admin-form__actions">
            <button type="submit" className="button button--primary" disabled={!file || preview.isPending}>
              {preview.isPending ? 'Reading the file…' : 'Preview'}
            </button>
          </div>
        </form>
      </section>

      {shown ? (
        <section className="admin-card" aria-labelledby="preview-title">
          <div className="admin-card__head">
            <h2 className="admin-card__title" id="preview-title">
              {result ? 'Imported' : 'Preview'} · {shown.fileName}
            </h2>
            <p className="admin-card__summary" data-summary>
              <span>{shown.summary.ok} ready</span>
              <span className={shown.summary.errors > 0 ? 'admin-card__summary-flag' : undefined}>{shown.summary.errors} with errors</span>
              <span>{shown.summary.skipped} skipped</span>
              <span>{shown.summary.warnings} warnings</span>
            </p>
          </div>
          {result ? (
            <p className="admin-notice" role="status" data-import-result>
              Stored {result.stored} reading{result.stored === 1 ? '' : 's'}
              {result.alreadyStored > 0 ? `, ${result.alreadyStored} already stored` : ''}
              {result.notImported > 0 ? `, ${result.notImported} not imported` : ''}.{' '}
              {[...new Set(result.preview.rows.map((r) => r.sessionId).filter((id): id is string => id !== null))].map((id) => (
                <Link key={id} href={`~/sessions/${id}`}>
                  Open the session
                </Link>
              ))}
            </p>
          ) : null}
          {shown.issues.length > 0 ? (
            <ul className="ingest-issues" aria-label="Problems in the file">
              {shown.issues.map((issue) => (
                <li key={`${issue.location}|${issue.code}|${issue.message}`} data-severity={issue.severity}>
                  <strong>{issue.location}</strong>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
          <PreviewTable preview={shown} />
          {!result ? (
            <div className="admin-form__actions ingest-commit">
              {shown.summary.errors > 0 ? (
                <label className="ingest-check">
                  <input
                    type="checkbox"
                    checked={skipInvalidRows}
                    onChange={(event) => {
                      commit.reset();
                      setSkipInvalidRows(event.target.checked);
                    }}
                  />
                  Import the rows that are fine, leave the rows with errors
                </label>
              ) : null}
              <button
                type="button"
                className="button button--primary"
                disabled={!request || commit.isPending || shown.summary.ok === 0 || (shown.summary.errors > 0 && !skipInvalidRows)}
                onClick={() => request && commit.mutate({ ...request, skipInvalidRows })}
              >
                {commit.isPending ? 'Importing…' : `Commit ${shown.summary.ok} reading${shown.summary.ok === 1 ? '' : 's'}`}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function valueText(values: ImportPreview['rows'][number]['values']): string {
  return 'value' in values ? String(values.value) : `${values.systolic}/${values.diastolic}`;
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  if (preview.rows.length === 0) return <p className="admin-empty">The file holds no readings that could be read.</p>;
  return (
    <div className="admin-table-wrap ingest-preview-wrap">
      <table className="admin-table ingest-preview" data-preview-rows={preview.rows.length}>
        <caption className="sr-only">Readings in the file and the session each goes to</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Vital sign</th>
            <th scope="col">Value</th>
            <th scope="col">Time</th>
            <th scope="col">Session</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={`${row.location}|${row.kind}|${row.observedAt}`} data-status={row.status} data-session-id={row.sessionId ?? ''}>
              <td className="admin-mono">{row.location}</td>
              <td>{VITALS[row.kind].label}</td>
              <td>
                {valueText(row.values)} <span className="admin-muted">{row.unit}</span>
              </td>
              <td>
                <time dateTime={row.observedAt}>{row.observedAt.replace('T', ' ').replace(/\.000/, '')}</time>
                {row.timeAssumedZone ? <span className="admin-muted"> (zone {row.timeAssumedZone} assumed)</span> : null}
              </td>
              <td>{row.sessionLabel ?? <span className="admin-muted">No session</span>}</td>
              <td>
                <span className={row.status === 'error' ? 'ingest-status ingest-status--error' : 'ingest-status'}>{row.status === 'error' ? 'Error' : 'Ready'}</span>
                {row.issues.length > 0 ? (
                  <ul className="ingest-row-issues">
                    {row.issues.map((issue) => (
                      <li key={issue.code} data-severity={issue.severity}>
                        {issue.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
