import { memo, useMemo } from 'react';
import { isCurrentRecord } from '../../../../shared/records.ts';
import type { SideEffectNote } from '../../../../shared/schemas/sideEffect.ts';
import { SIDE_EFFECTS } from '../../../../shared/sideEffects/catalogue.ts';
import { SCALES } from '../../../../shared/sideEffects/scales.ts';
import { SeverityBadge } from '../../clinical/SeverityBadge.tsx';
import { STATUS_LABELS, SUPERSEDED_LABEL } from '../../../../shared/records.ts';
import { formatClockTime, formatDateTime } from '../../ui/format.ts';
import { RecordPanel } from './RecordPanel.tsx';

/** Side-effect notes, newest first, with scale scores and any correction marked. */
export function SideEffectTable({ sideEffects }: { sideEffects: readonly SideEffectNote[] }) {
  const newestFirst = useMemo(() => [...sideEffects].reverse(), [sideEffects]);
  return (
    <RecordPanel titleId="side-effects-title" title="Side effects" count={sideEffects.length} emptyText="No side effects recorded.">
      <table className="record-table">
        <caption className="sr-only">Side effects, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Side effect</th>
            <th scope="col">Severity</th>
            <th scope="col">Scale</th>
            <th scope="col">Recorded by</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((sideEffect) => (
            <SideEffectRow key={sideEffect.id} sideEffect={sideEffect} />
          ))}
        </tbody>
      </table>
    </RecordPanel>
  );
}

const SideEffectRow = memo(function SideEffectRow({ sideEffect }: { sideEffect: SideEffectNote }) {
  const current = isCurrentRecord(sideEffect);
  const status = sideEffect.supersededById ? SUPERSEDED_LABEL : STATUS_LABELS[sideEffect.status];
  return (
    <tr className={current ? undefined : 'record-table__row--inactive'} data-side-effect-id={sideEffect.id}>
      <td className="record-table__time">
        <time dateTime={sideEffect.observedAt} title={formatDateTime(sideEffect.observedAt)}>
          {formatClockTime(sideEffect.observedAt)}
        </time>
      </td>
      <td>
        <span className="record-table__strong">{SIDE_EFFECTS[sideEffect.kind].label}</span>
        {sideEffect.note ? <span className="record-table__note">{sideEffect.note}</span> : null}
      </td>
      <td>
        <SeverityBadge severity={sideEffect.severity} />
      </td>
      <td className="record-table__nowrap">
        {sideEffect.scale !== null && sideEffect.score !== null ? (
          <>
            {SCALES[sideEffect.scale].name}: <span className="record-table__value">{sideEffect.score}</span>
          </>
        ) : (
          <span className="record-table__none">—</span>
        )}
      </td>
      <td>{sideEffect.recordedByName}</td>
      <td title={sideEffect.statusReason ?? undefined}>
        <span className={`record-status record-status--${current ? sideEffect.status : 'inactive'}`}>{status}</span>
      </td>
    </tr>
  );
});
