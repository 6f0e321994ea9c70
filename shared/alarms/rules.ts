import type { ScaleId } from '../sideEffects/scales.ts';
import type { Severity, SideEffectKind } from '../sideEffects/catalogue.ts';
import type { VitalKind } from '../vitals/catalogue.ts';
import type { AlarmClass, AlarmPriority } from './priority.ts';
import type { AlarmSettings } from './settings.ts';

/** Every alarm condition Chairside knows, with the words a physician reads on the card. */
export const ALARM_RULES = {
  'hr.high': { label: 'Tachycardia', class: 'physiological' },
  'hr.low': { label: 'Bradycardia', class: 'physiological' },
  'bp.high': { label: 'Severe hypertension', class: 'physiological' },
  'bp.low': { label: 'Hypotension', class: 'physiological' },
  'bp.rise': { label: 'BP rise over baseline', class: 'physiological' },
  'spo2.low': { label: 'Low SpO₂', class: 'physiological' },
  'rr.high': { label: 'Fast breathing', class: 'physiological' },
  'rr.low': { label: 'Respiratory depression', class: 'physiological' },
  'temp.high': { label: 'Fever', class: 'physiological' },
  'temp.low': { label: 'Hypothermia', class: 'physiological' },
  'sedation.deep': { label: 'Deep sedation', class: 'physiological' },
  'agitation': { label: 'Agitation', class: 'physiological' },
  'dissociation.severe': { label: 'Severe dissociation', class: 'physiological' },
  'vomiting': { label: 'Vomiting', class: 'physiological' },
  'nausea': { label: 'Nausea — consider antiemetic', class: 'physiological' },
  'feed.stale': { label: 'Monitor feed lost', class: 'technical' },
  'value.unavailable': { label: 'Value not available (probe off?)', class: 'technical' },
  'obs.overdue': { label: 'Observation overdue', class: 'technical' },
} as const satisfies Record<string, { label: string; class: AlarmClass }>;
export type RuleId = keyof typeof ALARM_RULES;

/** How far a value must come back inside a limit before its condition clears (hysteresis). */
export const HYSTERESIS: Readonly<Partial<Record<VitalKind, number>>> = {
  heartRate: 5,
  spo2: 1,
  bloodPressure: 5,
  respiratoryRate: 1,
  temperature: 0.2,
};

export interface RuleVerdict {
  ruleId: RuleId;
  /** Null: the value is inside this rule's limits. */
  priority: AlarmPriority | null;
  /** The value that decided it, for the alarm text. */
  value: string;
}

export interface VitalValues {
  value: number;
  value2: number | null;
}

/** Baseline readings a relative rule compares against (the last before the infusion started). */
export interface Baseline {
  systolic: number | null;
  diastolic: number | null;
}

/**
 * The verdict of every rule that watches a kind, for one reading. `active` names the rules whose
 * condition is already active: their limits are widened by the hysteresis margin so a value
 * hovering at the limit does not make the alarm flicker.
 */
export function vitalVerdicts(
  kind: VitalKind,
  reading: VitalValues,
  settings: AlarmSettings,
  baseline: Baseline,
  active: ReadonlySet<RuleId>,
): RuleVerdict[] {
  const margin = (rule: RuleId) => (active.has(rule) ? (HYSTERESIS[kind] ?? 0) : 0);
  const above = (rule: RuleId, value: number, limit: number) => value > limit - margin(rule);
  const below = (rule: RuleId, value: number, limit: number) => value < limit + margin(rule);
  const v = reading.value;
  switch (kind) {
    case 'heartRate': {
      const s = settings.heartRate;
      return [
        { ruleId: 'hr.high', value: `${v}/min`, priority: above('hr.high', v, s.highAbove) ? 'high' : above('hr.high', v, s.mediumAbove) ? 'medium' : null },
        { ruleId: 'hr.low', value: `${v}/min`, priority: below('hr.low', v, s.highBelow) ? 'high' : below('hr.low', v, s.mediumBelow) ? 'medium' : null },
      ];
    }
    case 'spo2': {
      const s = settings.spo2;
      return [{ ruleId: 'spo2.low', value: `${v} %`, priority: below('spo2.low', v, s.highBelow) ? 'high' : below('spo2.low', v, s.mediumBelow) ? 'medium' : null }];
    }
    case 'bloodPressure': {
      const dia = reading.value2 ?? 0;
      const text = `${v}/${dia} mmHg`;
      const severe = above('bp.high', v, settings.systolic.highAbove) || above('bp.high', dia, settings.diastolic.highAbove);
      const verdicts: RuleVerdict[] = [
        { ruleId: 'bp.high', value: text, priority: severe ? 'high' : null },
        { ruleId: 'bp.low', value: text, priority: below('bp.low', v, settings.systolic.highBelow) ? 'high' : null },
      ];
      if (baseline.systolic !== null) {
        const r = settings.relative;
        const systolicLimit = Math.min(baseline.systolic * (1 + r.systolicRisePercent / 100), baseline.systolic + r.systolicRiseMmHg);
        const diastolicLimit = baseline.diastolic === null ? Number.POSITIVE_INFINITY : baseline.diastolic + r.diastolicRiseMmHg;
        const risen = above('bp.rise', v, systolicLimit) || above('bp.rise', dia, diastolicLimit);
        verdicts.push({ ruleId: 'bp.rise', value: `${text} (baseline ${baseline.systolic}/${baseline.diastolic ?? '–'})`, priority: risen ? 'medium' : null });
      }
      return verdicts;
    }
    case 'respiratoryRate': {
      const s = settings.respiratoryRate;
      return [
        { ruleId: 'rr.high', value: `${v}/min`, priority: above('rr.high', v, s.highAbove) ? 'high' : above('rr.high', v, s.mediumAbove) ? 'medium' : null },
        { ruleId: 'rr.low', value: `${v}/min`, priority: below('rr.low', v, s.highBelow) ? 'high' : below('rr.low', v, s.mediumBelow) ? 'medium' : null },
      ];
    }
    case 'temperature': {
      const s = settings.temperature;
      return [
        { ruleId: 'temp.high', value: `${v} °C`, priority: above('temp.high', v, s.mediumAbove) ? 'medium' : null },
        { ruleId: 'temp.low', value: `${v} °C`, priority: below('temp.low', v, s.mediumBelow) ? 'medium' : null },
      ];
    }
    default:
      return [];
  }
}

export interface SideEffectReading {
  kind: SideEffectKind;
  severity: Severity;
  scale: ScaleId | null;
  score: number | null;
}

/** Side-effect rules: deep sedation, agitation, severe dissociation, vomiting, nausea worth treating. */
export function sideEffectVerdicts(note: SideEffectReading): RuleVerdict[] {
  const scored = note.scale && note.score !== null ? `${note.scale === 'moaas' ? 'MOAA/S' : note.scale.toUpperCase()} ${note.score}` : note.severity;
  switch (note.kind) {
    case 'sedation': {
      let priority: AlarmPriority | null = note.severity === 'severe' ? 'high' : null;
      if (note.scale === 'moaas' && note.score !== null) priority = note.score <= 1 ? 'high' : note.score <= 2 ? 'medium' : null;
      if (note.scale === 'rass' && note.score !== null) priority = note.score <= -4 ? 'high' : note.score <= -3 ? 'medium' : null;
      return [{ ruleId: 'sedation.deep', value: scored, priority }];
    }
    case 'anxietyAgitation': {
      let priority: AlarmPriority | null = note.severity === 'severe' ? 'medium' : null;
      if (note.scale === 'rass' && note.score !== null) priority = note.score >= 3 ? 'medium' : null;
      return [{ ruleId: 'agitation', value: scored, priority }];
    }
    case 'dissociation':
      return [{ ruleId: 'dissociation.severe', value: scored, priority: note.severity === 'severe' ? 'medium' : null }];
    case 'vomiting':
      return [{ ruleId: 'vomiting', value: note.severity, priority: note.severity === 'none' ? null : 'medium' }];
    case 'nausea': {
      const worth = note.scale === 'nrs' && note.score !== null ? note.score >= 4 : note.severity === 'moderate' || note.severity === 'severe';
      return [{ ruleId: 'nausea', value: scored, priority: worth ? 'low' : null }];
    }
    default:
      return [];
  }
}

/** Monitor "no value" codes seen in real feeds (probe off, value not available). */
export const DEVICE_SENTINELS: readonly number[] = [-100, -999, -9999, 32767, 8388607, 9999];

export function isDeviceSentinel(value: number): boolean {
  return DEVICE_SENTINELS.includes(value);
}
