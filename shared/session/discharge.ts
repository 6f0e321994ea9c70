import { isCurrentRecord } from '../records.ts';
import type { Observation } from '../schemas/observation.ts';
import type { SideEffectNote } from '../schemas/sideEffect.ts';
import { SEVERITY_RANK, type SideEffectKind } from '../sideEffects/catalogue.ts';
import type { Baseline } from '../alarms/rules.ts';

/**
 * The discharge checklist (clinical reference §1.4, §7.3): vitals back near baseline, alert,
 * no severe or unresolved side effect, nausea at most mild, an escort, written instructions.
 * Discharge is blocked until every item is met, unless a physician overrides with a reason.
 */
export const DISCHARGE_ITEMS = {
  vitalsNearBaseline: 'Blood pressure and heart rate within 20 % of baseline',
  alert: 'Alert: MOAA/S 5 or RASS 0 at the last assessment',
  sideEffectsSettled: 'No severe side effect; nausea at most mild',
  escortPresent: 'A responsible adult escort is present',
  instructionsGiven: 'Written no-driving instructions given',
} as const;
export type DischargeItemId = keyof typeof DISCHARGE_ITEMS;

export interface DischargeItem {
  id: DischargeItemId;
  label: string;
  met: boolean;
  detail: string;
}

export interface DischargeInputs {
  latest: readonly Observation[];
  /** Baseline BP and HR (last readings before the infusion started). */
  baseline: Baseline & { heartRate: number | null };
  /** The newest current note of each side-effect kind. */
  latestSideEffects: readonly SideEffectNote[];
  escortPresent: boolean;
  instructionsGiven: boolean;
}

const within = (value: number, reference: number, fraction: number) => Math.abs(value - reference) <= reference * fraction;

export function dischargeChecklist(inputs: DischargeInputs): DischargeItem[] {
  const current = (kind: Observation['kind']) => inputs.latest.find((o) => o.kind === kind && isCurrentRecord(o));
  const bp = current('bloodPressure');
  const hr = current('heartRate');
  const { baseline } = inputs;
  let vitalsMet = false;
  let vitalsDetail = 'No baseline or no recent BP and HR';
  if (bp && hr && baseline.systolic !== null && baseline.heartRate !== null) {
    vitalsMet = within(bp.value, baseline.systolic, 0.2) && within(hr.value, baseline.heartRate, 0.2);
    vitalsDetail = `BP ${bp.value}/${bp.value2 ?? '–'} vs ${baseline.systolic}/${baseline.diastolic ?? '–'}, HR ${hr.value} vs ${baseline.heartRate}`;
  }
  const note = (kind: SideEffectKind) => inputs.latestSideEffects.find((n) => n.kind === kind && isCurrentRecord(n));
  const sedation = note('sedation');
  const alert =
    !sedation ||
    sedation.scale === null ||
    sedation.score === null ||
    (sedation.scale === 'moaas' && sedation.score === 5) ||
    (sedation.scale === 'rass' && sedation.score === 0);
  const severe = inputs.latestSideEffects.filter((n) => isCurrentRecord(n) && n.severity === 'severe');
  const nausea = note('nausea');
  const nauseaOk = !nausea || SEVERITY_RANK[nausea.severity] <= SEVERITY_RANK.mild;
  return [
    { id: 'vitalsNearBaseline', label: DISCHARGE_ITEMS.vitalsNearBaseline, met: vitalsMet, detail: vitalsDetail },
    {
      id: 'alert',
      label: DISCHARGE_ITEMS.alert,
      met: alert,
      detail: sedation?.score != null ? `Last ${sedation.scale === 'rass' ? 'RASS' : 'MOAA/S'} ${sedation.score}` : 'No sedation score recorded',
    },
    {
      id: 'sideEffectsSettled',
      label: DISCHARGE_ITEMS.sideEffectsSettled,
      met: severe.length === 0 && nauseaOk,
      detail: severe.length > 0 ? `Severe: ${severe.map((n) => n.kind).join(', ')}` : nauseaOk ? 'Settled' : `Nausea ${nausea?.severity}`,
    },
    { id: 'escortPresent', label: DISCHARGE_ITEMS.escortPresent, met: inputs.escortPresent, detail: inputs.escortPresent ? 'Confirmed' : 'Not confirmed' },
    { id: 'instructionsGiven', label: DISCHARGE_ITEMS.instructionsGiven, met: inputs.instructionsGiven, detail: inputs.instructionsGiven ? 'Confirmed' : 'Not confirmed' },
  ];
}
