import { memo, useMemo, useState } from 'react';
import { SOURCE_LABELS } from '../../../../../shared/records.ts';
import type { Observation } from '../../../../../shared/schemas/observation.ts';
import type { ObservationFilter } from '../../../../../shared/schemas/series.ts';
import { VITALS } from '../../../../../shared/vitals/catalogue.ts';
import { ReadingFlag } from '../../../clinical/ReadingFlag.tsx';
import { abnormalComponents, formatObservationValue } from '../../../clinical/vitalDisplay.ts';
import { SegmentedControl } from '../../../ui/SegmentedControl.tsx';
import { formatClockTime } from '../../../ui/format.ts';
import { useObservationPages } from '../sessionQuery.ts';
import { ObservationEditor } from './ObservationEditor.tsx';
import { RecordPanel } from './RecordPanel.tsx';
import { RecordRow } from './RecordRow.tsx';
import { type RecordColumn, RecordTable } from './RecordTable.tsx';
import { type RecordRowState, useRecordTable } from './useRecordTable.ts';

const FILTERS: ReadonlyArray<{ value: ObservationFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'manual', label: 'Nurse entries' },
  { value: 'abnormal', label: 'Out of range' },
];

const COLUMNS: readonly RecordColumn[] = [{ label: 'Vital' }, { label: 'Value', numeric: true }, { label: 'Flag' }, { label: 'Source' }];

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
  const pages = useObservationPages(sessionId, filter, true);
  // Newest first as the server pages them; versions of one reading, the newest version on top.
  const rows = useMemo(() => (pages.data?.pages.flatMap((page) => page.observations) ?? []).sort(byObservedThenRecorded), [pages.data]);
  const { announcement, columns, rowState } = useRecordTable(rows, COLUMNS, mayCorrect);

  return (
    <RecordPanel
      name="observations"
      title="Observations"
      controls={<SegmentedControl legend="Show observations" options={FILTERS} value={filter} onChange={setFilter} />}
      count={`${total.toLocaleString()} recorded`}
      announcement={announcement}
    >
      {pages.isPending ? (
        <p className="record-panel__empty">Loading observations…</p>
      ) : pages.isError ? (
        <p className="record-panel__empty" role="alert">
          The observations could not be loaded: {pages.error.message}
        </p>
      ) : (
        <RecordTable label="Observations" columns={COLUMNS} mayCorrect={mayCorrect} refreshing={pages.isPlaceholderData}>
          {rows.map((observation) => (
            <ObservationRow key={observation.id} {...rowState(observation)} />
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns} className="record-table__empty">
                {filter === 'all' ? 'No observations recorded yet.' : 'No observations match this filter.'}
              </td>
            </tr>
          ) : null}
        </RecordTable>
      )}
      {pages.hasNextPage ? (
        <div className="record-panel__more">
          <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Show older observations'}
          </button>
        </div>
      ) : null}
    </RecordPanel>
  );
}

/** Memoised per record: a new reading renders one new row, not the table. */
const ObservationRow = memo(function ObservationRow(row: RecordRowState<Observation>) {
  const { record: observation, amends, onEdit, onDone } = row;
  const definition = VITALS[observation.kind];
  const flags = abnormalComponents(observation);
  const value = formatObservationValue(observation);
  const enteredAs =
    observation.sourceUnit !== null && observation.sourceValue !== null
      ? `entered as ${observation.sourceValue}${observation.sourceValue2 !== null ? `/${observation.sourceValue2}` : ''} ${observation.sourceUnit}`
      : undefined;

  return (
    <RecordRow
      row={row}
      idAttribute="data-observation-id"
      describe={`${definition.label.toLowerCase()} ${value} at ${formatClockTime(observation.observedAt)}`}
      amendsText={amends ? `${formatObservationValue(amends)} ${definition.unitLabel}` : null}
      editor={(mode) => <ObservationEditor observation={observation} mode={mode} onCancel={() => onEdit(null)} onDone={onDone} />}
    >
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
    </RecordRow>
  );
});

function byObservedThenRecorded(a: Observation, b: Observation): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? 1 : -1;
  return a.recordedAt === b.recordedAt ? 0 : a.recordedAt < b.recordedAt ? 1 : -1;
}
