import { memo, useMemo } from 'react';
import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import { SEVERITY_LABELS, SIDE_EFFECTS } from '../../../../../shared/sideEffects/catalogue.ts';
import { SCALES } from '../../../../../shared/sideEffects/scales.ts';
import { SeverityBadge } from '../../../clinical/SeverityBadge.tsx';
import { formatClockTime } from '../../../ui/format.ts';
import { RecordPanel } from './RecordPanel.tsx';
import { RecordRow } from './RecordRow.tsx';
import { type RecordColumn, RecordTable } from './RecordTable.tsx';
import { SideEffectEditor } from './SideEffectEditor.tsx';
import { type RecordRowState, useRecordTable } from './useRecordTable.ts';

const COLUMNS: readonly RecordColumn[] = [{ label: 'Side effect' }, { label: 'Severity' }, { label: 'Scale' }];

/** Side-effect notes, newest first, every version, with who and when; correctable by clinicians. */
export function SideEffectTable({ sideEffects, mayCorrect }: { sideEffects: readonly SideEffectNote[]; mayCorrect: boolean }) {
  const newestFirst = useMemo(() => [...sideEffects].reverse(), [sideEffects]);
  const { announcement, rowState } = useRecordTable(sideEffects, COLUMNS, mayCorrect);

  return (
    <RecordPanel name="side-effects" title="Side effects" count={`${sideEffects.length} recorded`} announcement={announcement}>
      {sideEffects.length === 0 ? (
        <p className="record-panel__empty">No side effects recorded.</p>
      ) : (
        <RecordTable label="Side effects" columns={COLUMNS} mayCorrect={mayCorrect}>
          {newestFirst.map((sideEffect) => (
            <SideEffectRow key={sideEffect.id} {...rowState(sideEffect)} />
          ))}
        </RecordTable>
      )}
    </RecordPanel>
  );
}

const SideEffectRow = memo(function SideEffectRow(row: RecordRowState<SideEffectNote>) {
  const { record: sideEffect, amends, onEdit, onDone } = row;
  const label = SIDE_EFFECTS[sideEffect.kind].label;
  const describe = `${label.toLowerCase()} at ${formatClockTime(sideEffect.observedAt)}`;
  return (
    <RecordRow
      row={row}
      idAttribute="data-side-effect-id"
      describe={describe}
      amendsText={amends ? SEVERITY_LABELS[amends.severity].toLowerCase() : null}
      editor={(mode) => <SideEffectEditor sideEffect={sideEffect} mode={mode} onCancel={() => onEdit(null)} onDone={onDone} describe={describe} />}
    >
      <td>
        <span className="record-table__strong">{label}</span>
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
    </RecordRow>
  );
});
