import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import type { Chair } from '../../shared/schemas/chair.ts';
import type { PhaseTransition, SessionRecord, SessionSummary, WardSession, WardSnapshot } from '../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import type { SessionPhase } from '../../shared/session/phase.ts';

/** Builders for the client's pure tests: plausible records with only what a test changes spelled out. */

export const SESSION_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_SESSION_ID = '22222222-2222-4222-8222-222222222222';

export const minute = (m: number): string => new Date(Date.UTC(2026, 10, 22, 10, 0) + m * 60_000).toISOString();

export function observation(overrides: Partial<Observation> & Pick<Observation, 'id'>): Observation {
  return {
    sessionId: SESSION_ID,
    kind: 'heartRate',
    value: 72,
    value2: null,
    unit: '/min',
    interpretation: { value: 'normal' },
    abnormal: false,
    observedAt: minute(0),
    observedOffsetMinutes: 0,
    recordedAt: minute(0),
    source: 'device',
    deviceId: 'monitor-1',
    onOxygen: null,
    sourceValue: null,
    sourceValue2: null,
    sourceUnit: null,
    recordedBy: 'u1',
    recordedByName: 'Monitor',
    status: 'final',
    amendsId: null,
    supersededById: null,
    statusReason: null,
    ...overrides,
  };
}

export function sideEffect(overrides: Partial<SideEffectNote> & Pick<SideEffectNote, 'id'>): SideEffectNote {
  return {
    sessionId: SESSION_ID,
    kind: 'nausea',
    severity: 'mild',
    scale: 'nrs',
    score: 3,
    note: null,
    observedAt: minute(0),
    observedOffsetMinutes: 0,
    recordedAt: minute(0),
    recordedBy: 'u2',
    recordedByName: 'Nurse',
    status: 'final',
    amendsId: null,
    supersededById: null,
    statusReason: null,
    ...overrides,
  };
}

export function summary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: SESSION_ID,
    patient: { id: 'p1', mrn: 'MRN-1', name: 'Avery Collins', dateOfBirth: '1980-01-01', weightKg: 80 },
    chair: { id: 'c1', label: 'Chair 1', room: 'Room A' },
    indication: 'treatmentResistantDepression',
    indicationOther: null,
    doseMgPerKg: 0.5,
    weightKg: 80,
    totalDoseMg: 40,
    plannedInfusionMinutes: 40,
    rateMgPerHour: 60,
    nurse: { id: 'n1', name: 'Nurse' },
    physician: { id: 'd1', name: 'Doctor' },
    phase: 'infusing',
    scheduledFor: null,
    infusionStartedAt: minute(10),
    phaseChangedAt: minute(10),
    createdAt: minute(-5),
    signedAt: null,
    signedBy: null,
    transitions: [],
    ...overrides,
  };
}

export function wardSession(overrides: Partial<WardSession> = {}): WardSession {
  return { ...summary(overrides), latest: [], latestSideEffect: null, trend: { heartRate: [], systolic: [], spo2: [] }, alarms: [], ...overrides };
}

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return { ...summary(overrides), latest: [], observationCount: 0, sideEffects: [], infusionEvents: [], alarms: [], seq: 0, ...overrides };
}

export function chair(id: string, label: string, room = ''): Chair {
  return { id, label, room };
}

export function ward(sessions: WardSession[], chairs: Chair[] = sessions.map((session) => session.chair), seq = 10): WardSnapshot {
  return { seq, chairs, sessions };
}

export function transition(to: SessionPhase, at: string, from: SessionPhase | null = null): PhaseTransition {
  return { from, to, at, by: 'n1', byName: 'Nurse', reason: null };
}

let nextSeq = 1;

/** A change as the server would push it; sequence numbers increase across a test file. */
export function change<T extends ChangeEvent['type']>(
  type: T,
  payload: Extract<ChangeEvent, { type: T }>['payload'],
  sessionId = SESSION_ID,
): ChangeEvent {
  return { seq: nextSeq++, type, sessionId, at: minute(0), payload } as ChangeEvent;
}
