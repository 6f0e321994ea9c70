/**
 * The life of a session in the chair. Infusion events (start, pause, resume, stop) move the phase;
 * check-in, discharge and abort are explicit transitions. Every transition is kept with its time.
 */

export const SESSION_PHASES = [
  'scheduled',
  'baseline',
  'infusing',
  'paused',
  'recovery',
  'discharged',
  'aborted',
] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

const NEXT_PHASES: Readonly<Record<SessionPhase, readonly SessionPhase[]>> = {
  scheduled: ['baseline', 'aborted'],
  baseline: ['infusing', 'aborted'],
  infusing: ['paused', 'recovery', 'aborted'],
  paused: ['infusing', 'recovery', 'aborted'],
  recovery: ['discharged', 'aborted'],
  discharged: [],
  aborted: [],
};

export function canTransition(from: SessionPhase, to: SessionPhase): boolean {
  return NEXT_PHASES[from].includes(to);
}

export function allowedTransitions(from: SessionPhase): readonly SessionPhase[] {
  return NEXT_PHASES[from];
}

/** Phases in which the patient is in the chair and being watched. */
export const ACTIVE_PHASES: readonly SessionPhase[] = ['baseline', 'infusing', 'paused', 'recovery'];

export function isActivePhase(phase: SessionPhase): boolean {
  return ACTIVE_PHASES.includes(phase);
}

export function isTerminalPhase(phase: SessionPhase): boolean {
  return NEXT_PHASES[phase].length === 0;
}

export const PHASE_LABELS: Readonly<Record<SessionPhase, string>> = {
  scheduled: 'Scheduled',
  baseline: 'Baseline',
  infusing: 'Infusing',
  paused: 'Paused',
  recovery: 'Recovery',
  discharged: 'Discharged',
  aborted: 'Aborted',
};

/** Transitions that cannot be undone; the UI asks for confirmation before them. */
export const IRREVERSIBLE_PHASES: readonly SessionPhase[] = ['recovery', 'discharged', 'aborted'];

export const INFUSION_EVENT_KINDS = [
  'started',
  'paused',
  'resumed',
  'rateChanged',
  'stopped',
  'medicationGiven',
] as const;
export type InfusionEventKind = (typeof INFUSION_EVENT_KINDS)[number];

/** The phase an infusion event moves the session to, if it moves it at all. */
export const INFUSION_EVENT_PHASE: Readonly<Partial<Record<InfusionEventKind, SessionPhase>>> = {
  started: 'infusing',
  paused: 'paused',
  resumed: 'infusing',
  stopped: 'recovery',
};

/** Phases in which an infusion event of a kind may be recorded. */
export const INFUSION_EVENT_ALLOWED_IN: Readonly<Record<InfusionEventKind, readonly SessionPhase[]>> = {
  started: ['baseline'],
  paused: ['infusing'],
  resumed: ['paused'],
  rateChanged: ['infusing', 'paused'],
  stopped: ['infusing', 'paused'],
  medicationGiven: ['baseline', 'infusing', 'paused', 'recovery'],
};

export const INFUSION_EVENT_LABELS: Readonly<Record<InfusionEventKind, string>> = {
  started: 'Infusion started',
  paused: 'Infusion paused',
  resumed: 'Infusion resumed',
  rateChanged: 'Rate changed',
  stopped: 'Infusion stopped',
  medicationGiven: 'Medication given',
};
