import type { HistogramData } from './histogram.ts';
import type { IdDigest } from './idDigest.ts';

/** How the dashboards sign in and what they measure. */
export interface FleetOptions {
  url: string;
  clients: number;
  /** Cookie header of a signed-in reader (our server); the bare relay ignores it. */
  cookie?: string;
  /**
   * Join arrivals with the send times the parent streams (`sent`) into a latency histogram. Off
   * when nothing is timed (crash and fault tests), so nothing is kept per observation.
   */
  measureLatency: boolean;
}

/** What one dashboard has seen; constant size however long it runs. */
export interface ClientSummary {
  index: number;
  connected: boolean;
  /** The last sequence number applied (its cursor). */
  position: number;
  /** Every `observation.recorded` applied, live or replayed, each counted once per seq. */
  observations: IdDigest;
  /** Changes received at or below the cursor and dropped (overlap of a replay with live pushes, or a repeat). */
  repeats: number;
  /** Times the applied sequence jumped by more than one. */
  gaps: number;
  /** Subscribe answers that said the gap was too large to replay. */
  resyncs: number;
  /** Connections after the first (automatic or retargeted). */
  reconnects: number;
  /** Disconnections seen. */
  disconnects: number;
  /** The last subscribe or connection error, if any. */
  lastError: string | null;
}

/** One measuring window: reset every time the parent asks for a report. */
export interface WindowReport {
  /** Wall-clock bounds of the window (ms). */
  from: number;
  to: number;
  /** Arrival minus send time of every live observation delivery whose send time was known. */
  latency: HistogramData;
  /** Live `observation.recorded` deliveries in the window, summed over the dashboards. */
  deliveries: number;
  /** Arrivals whose send time never came (dropped after the retention period). */
  unmatched: number;
  /** Dashboards connected at the end of the window. */
  connected: number;
  /** The fleet process's own resident memory (bytes), to show it stays bounded. */
  fleetRss: number;
}

export type ParentMessage =
  | { kind: 'start'; requestId: number; options: FleetOptions }
  /** Send times (wall-clock ms) of observations just sent, as [id, time]. */
  | { kind: 'sent'; items: Array<[string, number]> }
  | { kind: 'report'; requestId: number }
  | { kind: 'summary'; requestId: number }
  /** Reconnect every dashboard to another address, resubscribing from its own cursor. */
  | { kind: 'retarget'; requestId: number; url: string }
  | { kind: 'close'; requestId: number };

export type FleetMessage =
  | { kind: 'started'; requestId: number; connected: number }
  | { kind: 'report'; requestId: number; report: WindowReport }
  | { kind: 'summary'; requestId: number; clients: ClientSummary[] }
  | { kind: 'retargeted'; requestId: number }
  | { kind: 'closed'; requestId: number }
  | { kind: 'failed'; requestId: number; message: string };
