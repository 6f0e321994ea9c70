import type { Alarm } from '../alarms/lifecycle.ts';
import type { Observation } from '../schemas/observation.ts';
import type { InfusionEvent, PhaseTransition, SessionSummary } from '../schemas/session.ts';
import type { SideEffectNote } from '../schemas/sideEffect.ts';

/**
 * Every stored change is appended to the event log and numbered. The number (`seq`) is the
 * clients' bookmark: a client that reconnects asks for everything after the last one it saw.
 */
interface ChangeBase<T extends string, P> {
  seq: number;
  type: T;
  sessionId: string;
  at: string;
  payload: P;
}

export type ChangeEvent =
  | ChangeBase<'session.created', { session: SessionSummary }>
  | ChangeBase<'session.phaseChanged', { session: SessionSummary; transition: PhaseTransition }>
  | ChangeBase<'observation.recorded', { observation: Observation }>
  | ChangeBase<'observation.corrected', { observation: Observation; replaced: Observation }>
  | ChangeBase<'observation.enteredInError', { observation: Observation }>
  | ChangeBase<'sideEffect.recorded', { sideEffect: SideEffectNote }>
  | ChangeBase<'sideEffect.corrected', { sideEffect: SideEffectNote; replaced: SideEffectNote }>
  | ChangeBase<'sideEffect.enteredInError', { sideEffect: SideEffectNote }>
  | ChangeBase<'infusion.recorded', { event: InfusionEvent; session: SessionSummary }>
  | ChangeBase<'alarm.raised', { alarm: Alarm }>
  | ChangeBase<'alarm.updated', { alarm: Alarm }>;

export type ChangeType = ChangeEvent['type'];

/** A change before the log has numbered it. */
export type UnsequencedChange = ChangeEvent extends infer E
  ? E extends ChangeEvent
    ? Omit<E, 'seq'>
    : never
  : never;
