import { useId, useState } from 'react';
import { InlineForm } from './InlineForm.tsx';
import { InlineField, InlineTextField } from './InlineFormFields.tsx';
import { useInfusionEventCheck } from './useInfusionEventCheck.ts';

const RATE_UNITS = { rateMgPerHour: 'mg/h' } as const;

interface RateFormProps {
  current: number;
  pending: boolean;
  onCancel: () => void;
  /** The new rate (and a reason, if given), checked against the shared schema. */
  onSubmit: (extra: Record<string, unknown>) => void;
}

/** A new infusion rate, prefilled with the current one. */
export function RateForm({ current, pending, onCancel, onSubmit }: RateFormProps) {
  const [rate, setRate] = useState(String(current));
  const [reason, setReason] = useState('');
  const { errors, check } = useInfusionEventCheck('rateChanged', RATE_UNITS);
  const id = useId();
  const submit = () => {
    const value = Number(rate.trim().replace(',', '.'));
    const extra = { rateMgPerHour: rate.trim() === '' ? undefined : value, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    if (check(extra, Number.isNaN(value) ? 'rateMgPerHour' : null)) onSubmit(extra);
  };
  return (
    <InlineForm label="Change the infusion rate" pending={pending} submitLabel="Save rate" onSubmit={submit} onCancel={onCancel}>
      <InlineTextField id={`${id}-rate`} label="New rate (mg/h)" error={errors.rateMgPerHour} value={rate} onChange={setRate} decimal />
      <InlineField id={`${id}-reason`} label="Reason (optional)" error={errors.reason}>
        <input id={`${id}-reason`} className="inline-form__input" type="text" value={reason} onChange={(event) => setReason(event.target.value)} />
      </InlineField>
    </InlineForm>
  );
}
