import { memo, useCallback, useMemo, useState } from 'react';
import { SOURCE_LABELS, isCurrentRecord } from '../../../../../shared/records.ts';
import type { Observation } from '../../../../../shared/schemas/observation.ts';
import type { ObservationFilter } from '../../../../../shared/schemas/series.ts';
import { VITALS } from '../../../../../shared/vitals/catalogue.ts';
import { ReadingFlag } from '../../../clinical/ReadingFlag.tsx';
import { abnormalComponents, formatObservationValue } from '../../../clinical/vitalDisplay.ts';
import { SegmentedControl } from '../../../ui/SegmentedControl.tsx';
import { formatClockTime, formatDateTime } from '../../../ui/format.ts';
import { useObservationPages } from '../sessionQuery.ts';
import { CorrectionForm, type CorrectionField } from './CorrectionForm.tsx';
import { RecordStatus } from './RecordStatus.tsx';
import { errorsFrom, useObservationCorrection } from './corrections.ts';

const FILTERS: ReadonlyArray<{ value: ObservationFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'manual', label: 'Nurse entries' },
  { value: 'abnormal', label: 'Out of range' },
];

type Editing = { id: string; mode: 'correct' | 'error' } | null;

interface ObservationTableProps {
  sessionId: string;
  /** Every version counted, from the record. */
  total: number;
  mayCorrect: boolean;
}

/**
 * Every observation, newest first, a page at a time from the server (the monitor's stream buries
 * nurse entries; the filters bring them back up). Corrections and withdrawals stay in the list,
 * marked. Nurses and physicians may correct a current reading or mark it entered in error.
 */
export function ObservationTable({ sessionId, total, mayCorrect }: ObservationTableProps) {
  const [filter, setFilter] = useState<ObservationFilter>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [announcement, setAnnouncement] = useState('');
  const pages = useObservationPages(sessionId, filter, true);
  // Newest first as the server pages them; versions of one reading, the newest version on top.
  const rows = useMemo(() => (pages.data?.pages.flatMap((page) => page.observations) ?? []).sort(byObservedThenRecorded), [pages.data]);
  const byId = useMemo(() => new Map(rows.map((row) => [row.id, row])), [rows]);
  const columns = mayCorrect ? 8 : 7;
  const onDone = useCallback((message: string) => {
    setEditing(null);
    setAnnouncement(message);
  }, []);

  return (
    <section className="record-panel" aria-labelledby="observations-title" data-records="observations">
      <div className="record-panel__head">
        <h2 id="observations-title" className="section-title">
          Observations
        </h2>
        <SegmentedControl legend="Show observations" options={FILTERS} value={filter} onChange={setFilter} />
        <span className="record-panel__count">{total.toLocaleString()} recorded</span>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {pages.isPending ? (
        <p className="record-panel__empty">Loading observations…</p>
      ) : pages.isError ? (
        <p className="record-panel__empty" role="alert">
          The observations could not be loaded: {pages.error.message}
        </p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="record-panel__scroll" aria-label="Observations, scrollable" tabIndex={0}>
          <table className={`record-table${pages.isPlaceholderData ? ' record-table--refreshing' : ''}`}>
            <caption className="sr-only">Observations, newest first, with every correction</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Vital</th>
                <th scope="col" className="record-table__numeric">
                  Value
                </th>
                <th scope="col">Flag</th>
                <th scope="col">Source</th>
                <th scope="col">Recorded by</th>
                <th scope="col">Status</th>
                {mayCorrect ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((observation) => (
                <ObservationRow
                  key={observation.id}
                  observation={observation}
                  amends={observation.amendsId ? byId.get(observation.amendsId) : undefined}
                  mayCorrect={mayCorrect}
                  editing={editing?.id === observation.id ? editing.mode : null}
                  onEdit={setEditing}
                  onDone={onDone}
                  columns={columns}
                />
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={columns} className="record-table__empty">
                    {filter === 'all' ? 'No observations recorded yet.' : 'No observations match this filter.'}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </section>
      )}
      {pages.hasNextPage ? (
        <div className="record-panel__more">
          <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Show older observations'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

interface ObservationRowProps {
  observation: Observation;
  amends: Observation | undefined;
  mayCorrect: boolean;
  editing: 'correct' | 'error' | null;
  onEdit: (editing: Editing) => void;
  onDone: (message: string) => void;
  columns: number;
}

/** Memoised per record: a new reading renders one new row, not the table. */
const ObservationRow = memo(function ObservationRow({ observation, amends, mayCorrect, editing, onEdit, onDone, columns }: ObservationRowProps) {
  const definition = VITALS[observation.kind];
  const current = isCurrentRecord(observation);
  const flags = abnormalComponents(observation);
  const value = formatObservationValue(observation);
  const enteredAs =
    observation.sourceUnit !== null && observation.sourceValue !== null
      ? `entered as ${observation.sourceValue}${observation.sourceValue2 !== null ? `/${observation.sourceValue2}` : ''} ${observation.sourceUnit}`
      : undefined;

  return (
    <>
      <tr className={current ? undefined : 'record-table__row--inactive'} data-observation-id={observation.id} data-status={rowStatus(observation)}>
        <td className="record-table__time">
          <time dateTime={observation.observedAt} title={formatDateTime(observation.observedAt)}>
            {formatClockTime(observation.observedAt)}
          </time>
        </td>
        <td className="record-table__nowrap">{definition.label}</td>
        <td className="record-table__numeric" title={enteredAs}>
          <span className="record-table__value">{value}</span> <span className="record-table__unit">{definition.unitLabel}</span>
        </td>
        <td>
          <span className="record-table__flags">
            {flags.map((flag) => (
              <ReadingFlag key={flag.component.key} kind={observation.kind} flag={flag} showComponent={definition.components.length > 1} />
            ))}
          </span>
        </td>
        <td title={observation.deviceId ?? undefined}>{SOURCE_LABELS[observation.source]}</td>
        <td>
          <span className="record-table__who">{observation.recordedByName}</span>
          <time className="record-table__when" dateTime={observation.recordedAt} title={formatDateTime(observation.recordedAt)}>
            {formatClockTime(observation.recordedAt)}
          </time>
        </td>
        <td>
          <RecordStatus record={observation} amendsText={amends ? `${formatObservationValue(amends)} ${definition.unitLabel}` : null} />
        </td>
        {mayCorrect ? (
          <td className="record-table__actions">
            {current && editing === null ? (
              <>
                <button type="button" className="link-button" onClick={() => onEdit({ id: observation.id, mode: 'correct' })}>
                  Correct<span className="sr-only"> {definition.label.toLowerCase()} {value} at {formatClockTime(observation.observedAt)}</span>
                </button>
                <button type="button" className="link-button link-button--danger" onClick={() => onEdit({ id: observation.id, mode: 'error' })}>
                  Entered in error<span className="sr-only">: {definition.label.toLowerCase()} {value} at {formatClockTime(observation.observedAt)}</span>
                </button>
              </>
            ) : null}
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr className="record-table__editor">
          <td colSpan={columns}>
            <ObservationEditor observation={observation} mode={editing} onCancel={() => onEdit(null)} onDone={onDone} />
          </td>
        </tr>
      ) : null}
    </>
  );
});

function byObservedThenRecorded(a: Observation, b: Observation): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? 1 : -1;
  return a.recordedAt === b.recordedAt ? 0 : a.recordedAt < b.recordedAt ? 1 : -1;
}

function rowStatus(record: Pick<Observation, 'status' | 'supersededById'>): string {
  if (record.supersededById) return 'superseded';
  return record.status;
}

function ObservationEditor({
  observation,
  mode,
  onCancel,
  onDone,
}: {
  observation: Observation;
  mode: 'correct' | 'error';
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const correction = useObservationCorrection(observation);
  const definition = VITALS[observation.kind];
  const isPressure = observation.kind === 'bloodPressure';
  const fields: CorrectionField[] = isPressure
    ? [
        { name: 'systolic', label: 'Systolic', suffix: definition.unitLabel, initial: String(observation.value), type: 'number' },
        { name: 'diastolic', label: 'Diastolic', suffix: definition.unitLabel, initial: String(observation.value2 ?? ''), type: 'number' },
      ]
    : [{ name: 'value', label: definition.label, suffix: definition.unitLabel, initial: String(observation.value), type: 'number' }];
  const what = `${definition.label.toLowerCase()} ${formatObservationValue(observation)} ${definition.unitLabel} at ${formatClockTime(observation.observedAt)}`;

  return (
    <CorrectionForm
      title={mode === 'correct' ? `Correct ${what}` : `Mark ${what} as entered in error`}
      mode={mode}
      fields={fields}
      pending={correction.isPending}
      errors={correction.isError ? errorsFrom(correction.error, ['value', 'systolic', 'diastolic', 'reason']) : { fields: {}, form: null }}
      validate={(values, reason) => {
        const problems: Record<string, string> = {};
        for (const field of fields) {
          const text = values[field.name] ?? '';
          if (text === '' || !Number.isFinite(Number(text))) problems[field.name] = 'must be a number';
        }
        if (reason.length < 3) problems.reason = 'give a reason (at least 3 characters)';
        if (mode === 'correct' && Object.keys(problems).length === 0 && fields.every((field) => Number(values[field.name]) === Number(field.initial))) {
          problems[fields[0]?.name ?? 'value'] = 'enter the corrected value';
        }
        return problems;
      }}
      onSubmit={(values, reason) => {
        const change =
          mode === 'error'
            ? ({ mode: 'error', reason } as const)
            : ({
                mode: 'correct',
                reason,
                values: isPressure ? { systolic: Number(values.systolic), diastolic: Number(values.diastolic) } : { value: Number(values.value) },
              } as const);
        correction.mutate(change, {
          onSuccess: () => onDone(mode === 'correct' ? `Correction saved for ${what}.` : `Marked ${what} as entered in error.`),
        });
      }}
      onCancel={onCancel}
    />
  );
}
