import { memo, useMemo, useState } from 'react';
import { isCurrentRecord } from '../../../../shared/records.ts';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { ReadingFlag } from '../../clinical/ReadingFlag.tsx';
import { SOURCE_LABELS, STATUS_LABELS, SUPERSEDED_LABEL } from '../../../../shared/records.ts';
import { abnormalComponents, formatObservationValue } from '../../clinical/vitalDisplay.ts';
import { formatClockTime, formatDateTime } from '../../ui/format.ts';
import { SegmentedControl } from '../../ui/SegmentedControl.tsx';
import { RecordPanel } from './RecordPanel.tsx';

const PAGE_SIZE = 25;

type ObservationFilter = 'all' | 'manual' | 'flagged';

const FILTERS: ReadonlyArray<{ value: ObservationFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'manual', label: 'Nurse entries' },
  { value: 'flagged', label: 'Out of range' },
];

/** The monitor's 5-second stream buries nurse entries; the filter brings them back up. */
const FILTER_TESTS: Readonly<Record<ObservationFilter, (observation: Observation) => boolean>> = {
  all: () => true,
  manual: (observation) => observation.source === 'manual',
  flagged: (observation) => observation.abnormal,
};

/** Every observation, newest first, corrections and withdrawals included and marked as such. */
export function ObservationTable({ observations }: { observations: readonly Observation[] }) {
  const [visibleCount, setVisibleCount] = useState(PAGE_SIZE);
  const [filter, setFilter] = useState<ObservationFilter>('all');
  const newestFirst = useMemo(() => observations.filter(FILTER_TESTS[filter]).reverse(), [observations, filter]);
  const remaining = newestFirst.length - visibleCount;

  return (
    <RecordPanel
      titleId="observations-title"
      title="Observations"
      count={observations.length}
      emptyText="No observations recorded yet."
      tools={<SegmentedControl legend="Show observations" options={FILTERS} value={filter} onChange={setFilter} />}
      more={
        remaining > 0 ? (
          <button type="button" className="button" onClick={() => setVisibleCount((count) => count + PAGE_SIZE)}>
            Show {Math.min(PAGE_SIZE, remaining)} older
          </button>
        ) : null
      }
    >
      <table className="record-table">
        <caption className="sr-only">Observations, newest first</caption>
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
          </tr>
        </thead>
        <tbody>
          {newestFirst.slice(0, visibleCount).map((observation) => (
            <ObservationRow key={observation.id} observation={observation} />
          ))}
          {newestFirst.length === 0 ? (
            <tr>
              <td colSpan={7} className="record-table__empty">
                No observations match this filter.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </RecordPanel>
  );
}

/** Memoised per record: a new reading renders one new row, not the table. */
const ObservationRow = memo(function ObservationRow({ observation }: { observation: Observation }) {
  const definition = VITALS[observation.kind];
  const current = isCurrentRecord(observation);
  const flags = abnormalComponents(observation);
  const status = observation.supersededById ? SUPERSEDED_LABEL : STATUS_LABELS[observation.status];
  const enteredAs =
    observation.sourceUnit !== null && observation.sourceValue !== null
      ? `entered as ${observation.sourceValue}${observation.sourceValue2 !== null ? `/${observation.sourceValue2}` : ''} ${observation.sourceUnit}`
      : undefined;

  return (
    <tr className={current ? undefined : 'record-table__row--inactive'} data-observation-id={observation.id}>
      <td className="record-table__time">
        <time dateTime={observation.observedAt} title={formatDateTime(observation.observedAt)}>
          {formatClockTime(observation.observedAt)}
        </time>
      </td>
      <td>{definition.label}</td>
      <td className="record-table__numeric" title={enteredAs}>
        <span className="record-table__value">{formatObservationValue(observation)}</span> <span className="record-table__unit">{definition.unitLabel}</span>
      </td>
      <td>
        <span className="record-table__flags">
          {flags.map((flag) => (
            <ReadingFlag key={flag.component.key} kind={observation.kind} flag={flag} showComponent={definition.components.length > 1} />
          ))}
        </span>
      </td>
      <td title={observation.deviceId ?? undefined}>{SOURCE_LABELS[observation.source]}</td>
      <td>{observation.recordedByName}</td>
      <td title={observation.statusReason ?? undefined}>
        <span className={`record-status record-status--${current ? observation.status : 'inactive'}`}>{status}</span>
      </td>
    </tr>
  );
});
