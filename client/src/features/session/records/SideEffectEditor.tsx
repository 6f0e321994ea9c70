import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../../../../shared/sideEffects/catalogue.ts';
import { SCALES, isScoreOnScale } from '../../../../../shared/sideEffects/scales.ts';
import type { CorrectionField } from './CorrectionForm.tsx';
import { RecordEditor } from './RecordEditor.tsx';
import { type CorrectionMode, useSideEffectCorrection } from './corrections.ts';

interface SideEffectEditorProps {
  sideEffect: SideEffectNote;
  mode: CorrectionMode;
  onCancel: () => void;
  onDone: (message: string) => void;
  /** The note as its row names it, e.g. "nausea at 14:05:09". */
  describe: string;
}

/** Corrects a side effect's severity, score and note, or withdraws it. */
export function SideEffectEditor({ sideEffect, mode, onCancel, onDone, describe }: SideEffectEditorProps) {
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
    <RecordEditor
      what={describe}
      mode={mode}
      fields={fields}
      errorFields={['severity', 'score', 'note', 'reason']}
      correction={correction}
      validateValues={(values) => {
        const problems: Record<string, string> = {};
        if (scale && sideEffect.scale !== null) {
          const score = Number(values.score);
          if (values.score === '' || !isScoreOnScale(sideEffect.scale, score)) problems.score = `${scale.name} is a whole number from ${scale.min} to ${scale.max}`;
        }
        return problems;
      }}
      toCorrection={(values, reason) => ({
        mode: 'correct' as const,
        reason,
        severity: (values.severity ?? sideEffect.severity) as Severity,
        ...(scale ? { scale: sideEffect.scale ?? undefined, score: Number(values.score) } : {}),
        // Sent even when emptied: an empty note clears it.
        note: values.note ?? '',
      })}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
