import type { Action } from '../auth/permissions.ts';
import type { ApiIssue } from '../schemas/common.ts';
import type { ObservationInput } from '../schemas/observation.ts';
import type { SideEffectInput } from '../schemas/sideEffect.ts';
import type { ChangeEvent, ChangeType } from './changes.ts';

export const WARD_ROOM = 'ward';
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
/** Screens that only show the alarm banner or play its sound follow this room, not the whole ward. */
export const ALARMS_ROOM = 'alarms';

/** The change types the alarms room carries. */
export const ALARM_CHANGE_TYPES = ['alarm.raised', 'alarm.updated'] as const satisfies readonly ChangeType[];
export const isAlarmChange = (change: ChangeEvent): boolean => (ALARM_CHANGE_TYPES as readonly ChangeType[]).includes(change.type);

export interface SubscribeRequest {
  /** The last sequence number this client applied; omit for "from now". */
  since?: number;
}

export interface SessionSubscribeRequest extends SubscribeRequest {
  sessionId: string;
}

export type SocketFailure = { ok: false; error: string; message: string; issues?: ApiIssue[] };

export type SubscribeAck =
  | {
      ok: true;
      /** The changes after `since`, in order. */
      missed: ChangeEvent[];
      /** The newest sequence number at the time of the answer. */
      headSeq: number;
      /** True when the gap was too large to replay: refetch the snapshot instead. */
      resync: boolean;
    }
  | SocketFailure;

export type RecordAck<T> = { ok: true; results: T[] } | SocketFailure;

export interface RecordedResult {
  id: string;
  /** False when the id had already been stored: the write was a retry. */
  created: boolean;
  /** A device sent a "no value" code: no reading was stored, a technical alarm was raised. */
  unavailable?: boolean;
}

export interface ClientToServerEvents {
  'ward:subscribe': (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  'ward:unsubscribe': () => void;
  'session:subscribe': (request: SessionSubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  'session:unsubscribe': (request: { sessionId: string }) => void;
  /** Joins the alarms room; the replay carries only alarm changes. */
  'alarms:subscribe': (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  'alarms:unsubscribe': () => void;
  'observations:record': (
    request: { observations: ObservationInput[] },
    ack: (answer: RecordAck<RecordedResult>) => void,
  ) => void;
  'sideEffects:record': (
    request: { sideEffects: SideEffectInput[] },
    ack: (answer: RecordAck<RecordedResult>) => void,
  ) => void;
}

/**
 * Changes are pushed in runs, in sequence order, one message per room and run. A socket in the ward
 * room gets every change there and nothing from its session rooms; a socket only in session rooms
 * gets each session's changes on their own. The alarms room has its own event, so a feed reads
 * exactly one stream whichever rooms its socket is in.
 */
export interface ServerToClientEvents {
  changes: (batch: ChangeEvent[]) => void;
  alarms: (batch: ChangeEvent[]) => void;
}

/**
 * Every socket event a client may send and the action of the permission table it needs (null: only
 * a signed-in socket). The server guards each handler with this table and registers no other event.
 */
export const SOCKET_EVENT_ACTIONS = {
  'ward:subscribe': 'ward.read',
  'ward:unsubscribe': null,
  'session:subscribe': 'session.read',
  'session:unsubscribe': null,
  // The alarm banner is part of reading the ward (GET /api/alarms needs the same).
  'alarms:subscribe': 'ward.read',
  'alarms:unsubscribe': null,
  'observations:record': 'observation.record',
  'sideEffects:record': 'sideEffect.record',
} as const satisfies Record<keyof ClientToServerEvents, Action | null>;

export const CLIENT_EVENTS = Object.keys(SOCKET_EVENT_ACTIONS) as Array<keyof ClientToServerEvents>;
