/**
 * The idle sign-out clock, without React or the DOM, so it can be driven by fake timers.
 *
 * The server ends a sign-in after `idleMinutes` without activity (writes count, and so do the
 * page's activity reports). This clock follows the person at the screen: every keypress, click or
 * touch pushes the deadline back, and is reported to the server — at once after a quiet spell,
 * then at most once per `reportEveryMs` — so the server's clock never runs ahead of this one.
 * `warnMs` before the deadline it asks "still there?"; during that warning only an explicit
 * "stay signed in" (or activity in another tab of the same sign-in) counts.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export interface IdlePolicy {
  /** Sign out after this long without activity. */
  idleMs: number;
  /** Warn this long before signing out: a minute, or half the idle time when that is shorter. */
  warnMs: number;
  /** Tell the server about activity at most this often: a minute, or a quarter of the idle time. */
  reportEveryMs: number;
}

/** The policy for the server's `idleMinutes`; `null` when idle sign-out is off (0). */
export function idlePolicy(idleMinutes: number): IdlePolicy | null {
  if (!Number.isFinite(idleMinutes) || idleMinutes <= 0) return null;
  const idleMs = idleMinutes * MINUTE;
  return { idleMs, warnMs: Math.min(MINUTE, idleMs / 2), reportEveryMs: Math.min(MINUTE, idleMs / 4) };
}

/** "15 minutes", "1 minute", "6 seconds": how long the idle time is, in a sentence. */
export function describeIdleTime(idleMs: number): string {
  if (idleMs < MINUTE) {
    const seconds = Math.round(idleMs / SECOND);
    return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.round(idleMs / MINUTE);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Whole seconds left, rounded up: the countdown shows "1 s" until the very end. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / SECOND));
}

export type IdlePhase = 'active' | 'warning' | 'expired';

export interface IdleSnapshot {
  phase: IdlePhase;
  /** When the sign-in ends unless there is activity (ms since the epoch). */
  deadline: number;
}

type TimerHandle = ReturnType<typeof setTimeout>;

export interface IdleTimerOptions {
  policy: IdlePolicy;
  /** Tells the server the person is active (`POST /api/auth/activity`). */
  report: () => void;
  /** Called when the phase changes: active → warning → expired, or back to active. */
  onChange: (snapshot: IdleSnapshot) => void;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
}

export class IdleTimer {
  private readonly policy: IdlePolicy;
  private readonly report: () => void;
  private readonly onChange: (snapshot: IdleSnapshot) => void;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => TimerHandle;
  private readonly clearTimer: (handle: TimerHandle) => void;

  private lastActivity = 0;
  private lastReport = Number.NEGATIVE_INFINITY;
  private phase: IdlePhase = 'active';
  private running = false;
  private phaseTimer: TimerHandle | undefined;
  private reportTimer: TimerHandle | undefined;

  constructor(options: IdleTimerOptions) {
    this.policy = options.policy;
    this.report = options.report;
    this.onChange = options.onChange;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle));
  }

  /**
   * Starts counting from now: someone has just signed in or opened the page, which is activity,
   * so the server hears of it too (a reload after a quiet spell would otherwise leave the
   * server's clock behind this one).
   */
  start(): void {
    this.running = true;
    this.phase = 'active';
    this.lastActivity = this.now();
    this.reportNow();
    this.evaluate();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
  }

  snapshot(): IdleSnapshot {
    return { phase: this.phase, deadline: this.lastActivity + this.policy.idleMs };
  }

  /** When the last counted activity was. */
  lastActivityAt(): number {
    return this.lastActivity;
  }

  /**
   * Keyboard, pointer or touch in this tab. Cheap enough to call on every event: it only moves
   * the deadline; the pending timer re-arms itself when it fires. Ignored during the warning,
   * where only `stay()` keeps the sign-in. Answers whether the activity counted.
   */
  activity(): boolean {
    if (!this.running || this.phase !== 'active') return false;
    this.lastActivity = Math.max(this.lastActivity, this.now());
    this.reportThrottled();
    return true;
  }

  /** The person answered the warning: stay signed in, and tell the server right away. */
  stay(): void {
    if (!this.running || this.phase === 'expired') return;
    this.lastActivity = this.now();
    this.reportNow();
    this.evaluate();
  }

  /**
   * Activity in another tab of the same sign-in (that tab reports it to the server). It also
   * dismisses this tab's warning: the person is at the computer.
   */
  remoteActivity(at: number): void {
    if (!this.running || this.phase === 'expired') return;
    const when = Math.min(at, this.now());
    if (when <= this.lastActivity) return;
    this.lastActivity = when;
    this.evaluate();
  }

  /** Re-checks the deadline, e.g. when the tab comes back to the front or the computer wakes. */
  check(): void {
    if (this.running && this.phase !== 'expired') this.evaluate();
  }

  private evaluate(): void {
    if (this.phaseTimer !== undefined) this.clearTimer(this.phaseTimer);
    this.phaseTimer = undefined;
    const now = this.now();
    const deadline = this.lastActivity + this.policy.idleMs;
    if (now >= deadline) {
      this.clearTimers();
      this.setPhase('expired');
      return;
    }
    const warnAt = deadline - this.policy.warnMs;
    const phase: IdlePhase = now >= warnAt ? 'warning' : 'active';
    this.setPhase(phase);
    // Background tabs and sleeping computers fire timers late; evaluate() then sees the real time.
    this.phaseTimer = this.setTimer(() => this.evaluate(), (phase === 'warning' ? deadline : warnAt) - now);
  }

  private setPhase(phase: IdlePhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.onChange(this.snapshot());
  }

  /** Leading edge after a quiet spell, then one trailing report per interval while active. */
  private reportThrottled(): void {
    const now = this.now();
    if (now - this.lastReport >= this.policy.reportEveryMs) {
      this.reportNow();
      return;
    }
    if (this.reportTimer !== undefined) return;
    this.reportTimer = this.setTimer(() => {
      this.reportTimer = undefined;
      if (this.running && this.phase !== 'expired') this.reportNow();
    }, this.lastReport + this.policy.reportEveryMs - now);
  }

  private reportNow(): void {
    if (this.reportTimer !== undefined) this.clearTimer(this.reportTimer);
    this.reportTimer = undefined;
    this.lastReport = this.now();
    this.report();
  }

  private clearTimers(): void {
    if (this.phaseTimer !== undefined) this.clearTimer(this.phaseTimer);
    if (this.reportTimer !== undefined) this.clearTimer(this.reportTimer);
    this.phaseTimer = undefined;
    this.reportTimer = undefined;
  }
}
