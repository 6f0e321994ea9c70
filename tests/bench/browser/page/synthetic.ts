import type { Observation } from '../../../../shared/schemas/observation.ts';
import type { VitalSeries } from '../../../../shared/schemas/series.ts';
import type { InfusionEvent, PhaseTransition, SessionRecord, WardSession, WardSnapshot } from '../../../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../../../shared/schemas/sideEffect.ts';
import type { SessionPhase } from '../../../../shared/session/phase.ts';
import type { VitalKind } from '../../../../shared/vitals/catalogue.ts';
import { interpretObservation, isAbnormal } from '../../../../shared/vitals/interpretation.ts';

/** Deterministic synthetic sessions for the browser benchmarks: nothing random between runs. */

export const SESSION_ID = '00000000-0000-4000-8000-000000000001';
const MINUTE = 60_000;

/** A physiologically plausible 1 Hz heart rate: drift, breathing sway, a tachycardic stretch. */
export function heartRateAt(second: number): number {
  const minute = second / 60;
  const surge = minute > 25 && minute < 45 ? 18 * Math.sin(((minute - 25) / 20) * Math.PI) : 0;
  return Math.round(72 + Math.sin(second / 37) * 3 + Math.sin(second / 6.3) * 1.5 + surge);
}

export function spo2At(second: number): number {
  const minute = second / 60;
  if (minute > 120 && minute < 121.5) return 90;
  return Math.round(97.3 + Math.sin(second / 211) * 1.1);
}

function column(kind: VitalKind, t: number[], v: number[], v2: number[] | null = null): VitalSeries {
  const abnormal = v.map((value, index): 0 | 1 => {
    const interpretation = interpretObservation(kind, kind === 'bloodPressure' ? { systolic: value, diastolic: v2?.[index] } : { value });
    return isAbnormal(interpretation) ? 1 : 0;
  });
  return { kind, t, v, v2, abnormal };
}

export interface SyntheticSession {
  record: SessionRecord;
  series: VitalSeries[];
  /** Epoch ms of the last 1 Hz reading. */
  lastT: number;
}

/** A 4-hour infusion (a pain protocol) with 1 Hz monitor data, cuff every 5 min, nurse counts. */
export function fourHourSession(now: number): SyntheticSession {
  const seconds = 4 * 3600;
  const start = now - seconds * 1000;
  const t: number[] = [];
  const hr: number[] = [];
  const spo2: number[] = [];
  for (let second = 0; second < seconds; second++) {
    t.push(start + second * 1000);
    hr.push(heartRateAt(second));
    spo2.push(spo2At(second));
  }
  const every = (minutes: number): number[] => Array.from({ length: Math.floor(240 / minutes) }, (_, index) => start + index * minutes * MINUTE);
  const cuffTimes = every(5);
  const systolic = cuffTimes.map((_, index) => Math.round(124 + 18 * Math.sin((index / cuffTimes.length) * Math.PI)));
  const diastolic = systolic.map((value) => Math.round(value * 0.62));
  const nurseTimes = every(10);
  const painTimes = every(30);

  const at = (minute: number): string => new Date(start + minute * MINUTE).toISOString();
  const transitions: PhaseTransition[] = [
    { from: null, to: 'scheduled', at: at(-30), by: 'n', byName: 'Nora Nurse', reason: null },
    { from: 'scheduled', to: 'baseline', at: at(-10), by: 'n', byName: 'Nora Nurse', reason: null },
    { from: 'baseline', to: 'infusing', at: at(0), by: 'n', byName: 'Nora Nurse', reason: null },
    { from: 'infusing', to: 'paused', at: at(95), by: 'n', byName: 'Nora Nurse', reason: 'Nausea' },
    { from: 'paused', to: 'infusing', at: at(105), by: 'n', byName: 'Nora Nurse', reason: null },
  ];
  const event = (id: string, kind: InfusionEvent['kind'], minute: number): InfusionEvent => ({
    id,
    sessionId: SESSION_ID,
    kind,
    at: at(minute),
    atOffsetMinutes: 0,
    rateMgPerHour: null,
    drug: null,
    dose: null,
    doseUnit: null,
    route: null,
    reason: null,
    recordedAt: at(minute),
    recordedBy: 'n',
    recordedByName: 'Nora Nurse',
  });
  const note = (id: string, kind: SideEffectNote['kind'], severity: SideEffectNote['severity'], minute: number): SideEffectNote => ({
    id,
    sessionId: SESSION_ID,
    kind,
    severity,
    scale: null,
    score: null,
    note: null,
    observedAt: at(minute),
    observedOffsetMinutes: 0,
    recordedAt: at(minute),
    recordedBy: 'n',
    recordedByName: 'Nora Nurse',
    status: 'final',
    amendsId: null,
    supersededById: null,
    statusReason: null,
  });

  const record: SessionRecord = {
    id: SESSION_ID,
    patient: { id: 'p', mrn: 'MRN-100200', name: 'Bench Patient', dateOfBirth: '1980-01-01', weightKg: 80 },
    chair: { id: 'c1', label: 'Chair 1', room: 'Room A' },
    indication: 'chronicPain',
    indicationOther: null,
    doseMgPerKg: 0.5,
    weightKg: 80,
    totalDoseMg: 40,
    plannedInfusionMinutes: 240,
    rateMgPerHour: 10,
    nurse: { id: 'n', name: 'Nora Nurse' },
    physician: { id: 'd', name: 'Dr. Bench' },
    phase: 'infusing',
    scheduledFor: null,
    infusionStartedAt: at(0),
    phaseChangedAt: at(105),
    createdAt: at(-30),
    signedAt: null,
    signedBy: null,
    transitions,
    latest: [],
    observationCount: seconds * 2 + cuffTimes.length + nurseTimes.length + painTimes.length,
    sideEffects: [note('s1', 'dissociation', 'mild', 20), note('s2', 'nausea', 'moderate', 93), note('s3', 'dizziness', 'mild', 150)],
    infusionEvents: [event('e1', 'started', 0), event('e2', 'paused', 95), event('e3', 'resumed', 105)],
    alarms: [],
    seq: 1,
  };
  const series = [
    column('heartRate', t, hr),
    column('spo2', t.slice(), spo2),
    column('bloodPressure', cuffTimes, systolic, diastolic),
    column('respiratoryRate', nurseTimes, nurseTimes.map((_, index) => 14 + (index % 3))),
    column('pain', painTimes, painTimes.map((_, index) => Math.max(0, 6 - Math.floor(index / 2)))),
  ];
  return { record, series, lastT: t[t.length - 1] as number };
}

/** One 1 Hz heart-rate (or SpO₂) reading as the server would push it. */
export function reading(sessionId: string, kind: 'heartRate' | 'spo2', t: number, value: number, serial: number): Observation {
  const interpretation = interpretObservation(kind, { value });
  return {
    id: `00000000-0000-4000-9000-${String(serial).padStart(12, '0')}`,
    sessionId,
    kind,
    value,
    value2: null,
    unit: kind === 'heartRate' ? '/min' : '%',
    interpretation,
    abnormal: isAbnormal(interpretation),
    observedAt: new Date(t).toISOString(),
    observedOffsetMinutes: 0,
    recordedAt: new Date(t).toISOString(),
    source: 'device',
    deviceId: 'bench-monitor',
    onOxygen: false,
    sourceValue: null,
    sourceValue2: null,
    sourceUnit: null,
    recordedBy: 'm',
    recordedByName: 'Monitor',
    status: 'final',
    amendsId: null,
    supersededById: null,
    statusReason: null,
  };
}

export interface SyntheticWard {
  ward: WardSnapshot;
  /** Every reading so far per session, for the plain-Recharts wall. */
  full: Map<string, { heartRate: Array<[number, number]>; spo2: Array<[number, number]>; systolic: Array<[number, number]> }>;
}

const PHASES: SessionPhase[] = ['baseline', 'infusing', 'infusing', 'paused', 'infusing', 'recovery'];

/** Twelve running chairs, 20 to 130 minutes into their sessions, each with 1 Hz history. */
export function twelveChairWard(now: number): SyntheticWard {
  const sessions: WardSession[] = [];
  const full: SyntheticWard['full'] = new Map();
  for (let index = 0; index < 12; index++) {
    const id = `00000000-0000-4000-8000-${String(index + 100).padStart(12, '0')}`;
    const minutes = 20 + index * 10;
    const start = now - minutes * MINUTE;
    const heartRate: Array<[number, number]> = [];
    const spo2: Array<[number, number]> = [];
    const systolic: Array<[number, number]> = [];
    for (let second = 0; second < minutes * 60; second++) {
      const t = start + second * 1000;
      heartRate.push([t, heartRateAt(second + index * 600)]);
      spo2.push([t, spo2At(second + index * 600)]);
      if (second % 300 === 0) systolic.push([t, 120 + ((second / 300) % 7) * 4]);
    }
    full.set(id, { heartRate, spo2, systolic });
    const last = (points: Array<[number, number]>, kind: 'heartRate' | 'spo2', serial: number): Observation => {
      const [t, value] = points[points.length - 1] as [number, number];
      return reading(id, kind, t, value, serial);
    };
    const thin = (points: Array<[number, number]>): Array<[number, number]> => points.filter((_, i) => i % Math.ceil(points.length / 48) === 0);
    const phase = PHASES[index % PHASES.length] as SessionPhase;
    sessions.push({
      id,
      patient: { id: `p${index}`, mrn: `MRN-${300100 + index}`, name: `Patient ${index + 1}`, dateOfBirth: '1975-05-05', weightKg: 75 },
      chair: { id: `c${index}`, label: `Chair ${index + 1}`, room: `Room ${'ABCDEF'[Math.floor(index / 2)]}` },
      indication: 'treatmentResistantDepression',
      indicationOther: null,
      doseMgPerKg: 0.5,
      weightKg: 75,
      totalDoseMg: 37.5,
      plannedInfusionMinutes: 40,
      rateMgPerHour: 56.3,
      nurse: { id: 'n', name: 'Nora Nurse' },
      physician: { id: 'd', name: 'Dr. Bench' },
      phase,
      scheduledFor: null,
      infusionStartedAt: new Date(start + 10 * MINUTE).toISOString(),
      phaseChangedAt: new Date(start + 10 * MINUTE).toISOString(),
      createdAt: new Date(start).toISOString(),
      signedAt: null,
      signedBy: null,
      transitions: [
        { from: 'scheduled', to: 'baseline', at: new Date(start).toISOString(), by: 'n', byName: 'Nora Nurse', reason: null },
        { from: 'baseline', to: 'infusing', at: new Date(start + 10 * MINUTE).toISOString(), by: 'n', byName: 'Nora Nurse', reason: null },
      ],
      latest: [last(heartRate, 'heartRate', index * 2), last(spo2, 'spo2', index * 2 + 1)],
      latestSideEffect: null,
      trend: { heartRate: thin(heartRate), spo2: thin(spo2), systolic },
      alarms: [],
    });
  }
  return { ward: { seq: 1, chairs: sessions.map((session) => session.chair), sessions }, full };
}
