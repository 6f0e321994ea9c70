import type { Action } from '../auth/permissions.ts';
import type { ApiIssue } from '../schemas/common.ts';
import type { ObservationInput } from '../schemas/observation.ts';
import type { SideEffectInput } from '../schemas/sideEffect.ts';
import type { ChangeEvent } from './changes.ts';

export const WARD_ROOM = 'ward';
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

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
  'observations:record': (
    request: { observations: ObservationInput[] },
    ack: (answer: RecordAck<RecordedResult>) => void,
  ) => void;
  'sideEffects:record': (
    request: { sideEffects: SideEffectInput[] },
    ack: (answer: RecordAck<RecordedResult>) => void,
  ) => void;
}

export interface ServerToClientEvents {
  change: (event: ChangeEvent) => void;
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
  'observations:record': 'observation.record',
  'sideEffects:record': 'sideEffect.record',
} as const satisfies Record<keyof ClientToServerEvents, Action | null>;

export const CLIENT_EVENTS = Object.keys(SOCKET_EVENT_ACTIONS) as Array<keyof ClientToServerEvents>;
