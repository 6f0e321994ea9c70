import { useId, useState } from 'react';
import { InlineForm } from './InlineForm.tsx';
import { InlineSelectField, InlineTextField } from './InlineFormFields.tsx';
import { useInfusionEventCheck } from './useInfusionEventCheck.ts';

const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL', 'U'] as const;
const ROUTES = ['IV', 'PO', 'IM', 'SC', 'SL', 'IN', 'inhaled'] as const;
const COMMON_DRUGS = ['Ondansetron', 'Midazolam', 'Lorazepam', 'Labetalol', 'Clonidine', 'Glycopyrrolate', 'Metoclopramide'];

interface MedicationFormProps {
  pending: boolean;
  onCancel: () => void;
  /** Drug, dose, unit and route, checked against the shared schema. */
  onSubmit: (extra: Record<string, unknown>) => void;
}

/** A medication given during the session, with the usual rescue drugs suggested. */
export function MedicationForm({ pending, onCancel, onSubmit }: MedicationFormProps) {
  const [drug, setDrug] = useState('');
  const [dose, setDose] = useState('');
  const [doseUnit, setDoseUnit] = useState<(typeof DOSE_UNITS)[number]>('mg');
  const [route, setRoute] = useState<(typeof ROUTES)[number]>('IV');
  const { errors, check } = useInfusionEventCheck('medicationGiven');
  const id = useId();
  const submit = () => {
    const doseValue = dose.trim() === '' ? undefined : Number(dose.trim().replace(',', '.'));
    const extra = { drug: drug.trim() || undefined, dose: doseValue, doseUnit, route };
    if (check(extra, doseValue !== undefined && Number.isNaN(doseValue) ? 'dose' : null)) onSubmit(extra);
  };
  return (
    <InlineForm
      label="Medication given"
      fieldsClassName="inline-form__fields--medication"
      pending={pending}
      submitLabel="Record medication"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <InlineTextField id={`${id}-drug`} label="Drug" error={errors.drug} value={drug} onChange={setDrug} list={`${id}-drugs`}>
        <datalist id={`${id}-drugs`}>
          {COMMON_DRUGS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </InlineTextField>
      <InlineTextField id={`${id}-dose`} label="Dose" error={errors.dose} value={dose} onChange={setDose} decimal />
      <InlineSelectField id={`${id}-unit`} label="Unit" error={errors.doseUnit} value={doseUnit} options={DOSE_UNITS} onChange={setDoseUnit} />
      <InlineSelectField id={`${id}-route`} label="Route" error={errors.route} value={route} options={ROUTES} onChange={setRoute} />
    </InlineForm>
  );
}
