import type { Observation } from '../../../../../shared/schemas/observation.ts';
import { VITALS } from '../../../../../shared/vitals/catalogue.ts';
import { formatObservationValue } from '../../../clinical/vitalDisplay.ts';
import { formatClockTime } from '../../../ui/format.ts';
import type { CorrectionField } from './CorrectionForm.tsx';
import { RecordEditor } from './RecordEditor.tsx';
import { type CorrectionMode, useObservationCorrection } from './corrections.ts';

interface ObservationEditorProps {
  observation: Observation;
  mode: CorrectionMode;
  onCancel: () => void;
  onDone: (message: string) => void;
}

/** Corrects a reading's value (both pressures for blood pressure) or withdraws it. */
export function ObservationEditor({ observation, mode, onCancel, onDone }: ObservationEditorProps) {
  const correction = useObservationCorrection(observation);
  const definition = VITALS[observation.kind];
  const isPressure = observation.kind === 'bloodPressure';
  const fields: CorrectionField[] = isPressure
    ? [
        { name: 'systolic', label: 'Systolic', suffix: definition.unitLabel, initial: String(observation.value), type: 'number' },
        { name: 'diastolic', label: 'Diastolic', suffix: definition.unitLabel, initial: String(observation.value2 ?? ''), type: 'number' },
      ]
    : [{ name: 'value', label: definition.label, suffix: definition.unitLabel, initial: String(observation.value), type: 'number' }];

  return (
    <RecordEditor
      what={`${definition.label.toLowerCase()} ${formatObservationValue(observation)} ${definition.unitLabel} at ${formatClockTime(observation.observedAt)}`}
      mode={mode}
      fields={fields}
      errorFields={['value', 'systolic', 'diastolic', 'reason']}
      correction={correction}
      validateValues={(values) => {
        const problems: Record<string, string> = {};
        for (const field of fields) {
          const text = values[field.name] ?? '';
          if (text === '' || !Number.isFinite(Number(text))) problems[field.name] = 'must be a number';
        }
        if (Object.keys(problems).length === 0 && fields.every((field) => Number(values[field.name]) === Number(field.initial))) {
          problems[fields[0]?.name ?? 'value'] = 'enter the corrected value';
        }
        return problems;
      }}
      toCorrection={(values, reason) => ({
        mode: 'correct' as const,
        reason,
        values: isPressure ? { systolic: Number(values.systolic), diastolic: Number(values.diastolic) } : { value: Number(values.value) },
      })}
      onCancel={onCancel}
      onDone={onDone}
    />
  );
}
