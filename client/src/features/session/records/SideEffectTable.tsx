import { memo, useCallback, useMemo, useState } from 'react';
import { isCurrentRecord } from '../../../../../shared/records.ts';
import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import { SEVERITIES, SEVERITY_LABELS, SIDE_EFFECTS, type Severity } from '../../../../../shared/sideEffects/catalogue.ts';
import { SCALES, isScoreOnScale } from '../../../../../shared/sideEffects/scales.ts';
import { SeverityBadge } from '../../../clinical/SeverityBadge.tsx';
import { formatClockTime, formatDateTime } from '../../../ui/format.ts';
import { CorrectionForm, type CorrectionField } from './CorrectionForm.tsx';
import { RecordStatus } from './RecordStatus.tsx';
import { errorsFrom, useSideEffectCorrection } from './corrections.ts';

type Editing = { id: string; mode: 'correct' | 'error' } | null;

/** Side-effect notes, newest first, every version, with who and when; correctable by clinicians. */
export function SideEffectTable({ sideEffects, mayCorrect }: { sideEffects: readonly SideEffectNote[]; mayCorrect: boolean }) {
  const newestFirst = useMemo(() => [...sideEffects].reverse(), [sideEffects]);
  const byId = useMemo(() => new Map(sideEffects.map((note) => [note.id, note])), [sideEffects]);
  const [editing, setEditing] = useState<Editing>(null);
  const [announcement, setAnnouncement] = useState('');
  const onDone = useCallback((message: string) => {
    setEditing(null);
    setAnnouncement(message);
  }, []);
  const columns = mayCorrect ? 7 : 6;

  return (
    <section className="record-panel" aria-labelledby="side-effects-title" data-records="side-effects">
      <div className="record-panel__head">
        <h2 id="side-effects-title" className="section-title">
          Side effects
        </h2>
        <span className="record-panel__count">{sideEffects.length} recorded</span>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {sideEffects.length === 0 ? (
        <p className="record-panel__empty">No side effects recorded.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="record-panel__scroll" aria-label="Side effects, scrollable" tabIndex={0}>
          <table className="record-table">
            <caption className="sr-only">Side effects, newest first, with every correction</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Side effect</th>
                <th scope="col">Severity</th>
                <th scope="col">Scale</th>
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
              {newestFirst.map((sideEffect) => (
                <SideEffectRow
                  key={sideEffect.id}
                  sideEffect={sideEffect}
                  amends={sideEffect.amendsId ? byId.get(sideEffect.amendsId) : undefined}
                  mayCorrect={mayCorrect}
                  editing={editing?.id === sideEffect.id ? editing.mode : null}
                  onEdit={setEditing}
                  onDone={onDone}
                  columns={columns}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

interface SideEffectRowProps {
  sideEffect: SideEffectNote;
  amends: SideEffectNote | undefined;
  mayCorrect: boolean;
  editing: 'correct' | 'error' | null;
  onEdit: (editing: Editing) => void;
  onDone: (message: string) => void;
  columns: number;
}

const SideEffectRow = memo(function SideEffectRow({ sideEffect, amends, mayCorrect, editing, onEdit, onDone, columns }: SideEffectRowProps) {
  const current = isCurrentRecord(sideEffect);
  const label = SIDE_EFFECTS[sideEffect.kind].label;
  const describe = `${label.toLowerCase()} at ${formatClockTime(sideEffect.observedAt)}`;
  return (
    <>
      <tr className={current ? undefined : 'record-table__row--inactive'} data-side-effect-id={sideEffect.id} data-status={sideEffect.supersededById ? 'superseded' : sideEffect.status}>
        <td className="record-table__time">
          <time dateTime={sideEffect.observedAt} title={formatDateTime(sideEffect.observedAt)}>
            {formatClockTime(sideEffect.observedAt)}
          </time>
        </td>
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
        <td>
          <span className="record-table__who">{sideEffect.recordedByName}</span>
          <time className="record-table__when" dateTime={sideEffect.recordedAt} title={formatDateTime(sideEffect.recordedAt)}>
            {formatClockTime(sideEffect.recordedAt)}
          </time>
        </td>
        <td>
          <RecordStatus record={sideEffect} amendsText={amends ? SEVERITY_LABELS[amends.severity].toLowerCase() : null} />
        </td>
        {mayCorrect ? (
          <td className="record-table__actions">
            {current && editing === null ? (
              <>
                <button type="button" className="link-button" onClick={() => onEdit({ id: sideEffect.id, mode: 'correct' })}>
                  Correct<span className="sr-only"> {describe}</span>
                </button>
                <button type="button" className="link-button link-button--danger" onClick={() => onEdit({ id: sideEffect.id, mode: 'error' })}>
                  Entered in error<span className="sr-only">: {describe}</span>
                </button>
              </>
            ) : null}
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr className="record-table__editor">
          <td colSpan={columns}>
            <SideEffectEditor sideEffect={sideEffect} mode={editing} onCancel={() => onEdit(null)} onDone={onDone} describe={describe} />
          </td>
        </tr>
      ) : null}
    </>
  );
});

function SideEffectEditor({
  sideEffect,
  mode,
  onCancel,
  onDone,
  describe,
}: {
  sideEffect: SideEffectNote;
  mode: 'correct' | 'error';
  onCancel: () => void;
  onDone: (message: string) => void;
  describe: string;
}) {
  const correction = useSideEffectCorrection(sideEffect);
  const scale = sideEffect.scale !== null ? SCALES[sideEffect.scale] : null;
  const fields: CorrectionField[] = [
    {
      name: 'severity',
      label: 'Severity',
      initial: sideEffect.severity,
      type: 'select',
      options: SEVERITIES.map((severity) => ({ value: severity, label: SEVERITY_LABELS[severity] })),
    },
    ...(scale ? [{ name: 'score', label: scale.name, initial: String(sideEffect.score ?? ''), type: 'number' as const }] : []),
    { name: 'note', label: 'Note', initial: sideEffect.note ?? '', type: 'text' },
  ];
  return (
    <CorrectionForm
      title={mode === 'correct' ? `Correct ${describe}` : `Mark ${describe} as entered in error`}
      mode={mode}
      fields={fields}
      pending={correction.isPending}
      errors={correction.isError ? errorsFrom(correction.error, ['severity', 'score', 'note', 'reason']) : { fields: {}, form: null }}
      validate={(values, reason) => {
        const problems: Record<string, string> = {};
        if (scale && sideEffect.scale !== null) {
          const score = Number(values.score);
          if (values.score === '' || !isScoreOnScale(sideEffect.scale, score)) problems.score = `${scale.name} is a whole number from ${scale.min} to ${scale.max}`;
        }
        if (reason.length < 3) problems.reason = 'give a reason (at least 3 characters)';
        return problems;
      }}
      onSubmit={(values, reason) => {
        const change =
          mode === 'error'
            ? ({ mode: 'error', reason } as const)
            : {
                mode: 'correct' as const,
                reason,
                severity: (values.severity ?? sideEffect.severity) as Severity,
                ...(scale ? { scale: sideEffect.scale ?? undefined, score: Number(values.score) } : {}),
                ...(values.note ? { note: values.note } : {}),
              };
        correction.mutate(change, {
          onSuccess: () => onDone(mode === 'correct' ? `Correction saved for ${describe}.` : `Marked ${describe} as entered in error.`),
        });
      }}
      onCancel={onCancel}
    />
  );
}
