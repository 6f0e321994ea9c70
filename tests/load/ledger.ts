import type { RecordAck, RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';

/** How one write ended, from the sender's side. */
export type Outcome = 'acknowledged' | 'refused' | 'unanswered';

const SAMPLE_REFUSALS = 20;

/**
 * What a sender knows about its writes: which were acknowledged (durable by contract), which were
 * refused with an error (must not be stored), and which never got an answer (may or may not be
 * stored; retried with the same id). Shared by every producer and by the checks.
 */
export class WriteLedger {
  readonly acknowledged = new Set<string>();
  /** Attempted and not yet answered, with the payload to retry. */
  readonly unanswered = new Map<string, ObservationInput>();
  /** Refused ids and the error code each got. */
  readonly refused = new Map<string, string>();
  /** The first few refusals in full, for the report. */
  readonly refusalSamples: string[] = [];
  /** Acknowledged as already stored (`created: false`): a retry the server recognised. */
  recognisedRetries = 0;
  attempts = 0;

  attempt(batch: readonly ObservationInput[]): void {
    this.attempts += batch.length;
    for (const o of batch) this.unanswered.set(o.id, o);
  }

  /** Books a socket-style answer and says how the write ended. */
  answer(batch: readonly ObservationInput[], ack: RecordAck<RecordedResult>): Outcome {
    if (!ack.ok) {
      this.refuse(batch, ack.error, `${ack.error}: ${ack.message}`);
      return 'refused';
    }
    const results = new Map(ack.results.map((r) => [r.id, r]));
    for (const o of batch) {
      const result = results.get(o.id);
      if (!result) continue;
      this.unanswered.delete(o.id);
      this.refused.delete(o.id);
      this.acknowledged.add(o.id);
      if (!result.created) this.recognisedRetries++;
    }
    return batch.every((o) => results.has(o.id)) ? 'acknowledged' : 'unanswered';
  }

  refuse(batch: readonly ObservationInput[], code: string, detail: string): void {
    for (const o of batch) {
      this.unanswered.delete(o.id);
      this.refused.set(o.id, code);
    }
    if (this.refusalSamples.length < SAMPLE_REFUSALS) this.refusalSamples.push(detail);
  }

  /** Everything this ledger ever sent: acknowledged, refused or unanswered. */
  attemptedIds(): Set<string> {
    return new Set([...this.acknowledged, ...this.refused.keys(), ...this.unanswered.keys()]);
  }
}

/** One ledger's view over several producers. */
export function mergeLedgers(ledgers: readonly WriteLedger[]): WriteLedger {
  const merged = new WriteLedger();
  for (const l of ledgers) {
    for (const id of l.acknowledged) merged.acknowledged.add(id);
    for (const [id, o] of l.unanswered) merged.unanswered.set(id, o);
    for (const [id, code] of l.refused) merged.refused.set(id, code);
    merged.refusalSamples.push(...l.refusalSamples);
    merged.recognisedRetries += l.recognisedRetries;
    merged.attempts += l.attempts;
  }
  return merged;
}
