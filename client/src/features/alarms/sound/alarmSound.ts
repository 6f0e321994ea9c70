import { type Alarm, needsAttention } from '../../../../../shared/alarms/lifecycle.ts';
import { AUDIO_PAUSE_MS, type AlarmPriority, PRIORITY_PRESENTATION, PRIORITY_RANK } from '../../../../../shared/alarms/priority.ts';

/**
 * Where alarm sound goes. The browser's is Web Audio (`webAudioOutput.ts`); tests pass their own to
 * observe what would play.
 */
export interface AlarmAudioOutput {
  /** Called from a user gesture (or once the page already had one): lets the browser start sound. */
  unlock(): void;
  /** Plays one announcement of the priority's tone pattern (`PRIORITY_PRESENTATION[p].sound`). */
  play(priority: AlarmPriority): void;
  /** Cuts whatever is sounding now. */
  silence(): void;
}

/** The clock the controller runs on; fake timers in tests. */
export interface SoundClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(handle: ReturnType<typeof setTimeout>): void;
}

const browserClock: SoundClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

export interface AlarmSoundState {
  /** The browser lets this screen make sound (a click or key press happened). */
  unlocked: boolean;
  /** The highest priority among alarms needing attention, paused or not. */
  calling: AlarmPriority | null;
  /** What this screen is sounding: nothing while paused, locked, or when no alarm calls. */
  sounding: AlarmPriority | null;
  /** When the audio pause ends (epoch ms); null when not paused. */
  pausedUntil: number | null;
}

/**
 * Alarm sound for one screen, after IEC 60601-1-8: the highest priority that needs attention wins
 * and repeats at its own interval; a new alarm is announced at once. AUDIO PAUSED silences this
 * screen for `AUDIO_PAUSE_MS` only (there is no "off"); a new alarm of higher priority than any
 * sounding when the pause began ends the pause, and when the pause runs out sound resumes at once
 * if anything still calls. Pure logic over an injected output and clock.
 */
export class AlarmSoundController {
  private state: AlarmSoundState = { unlocked: false, calling: null, sounding: null, pausedUntil: null };
  /** Alarms needing attention at the last update, by id: a new id is announced at once. */
  private attention = new Map<string, AlarmPriority>();
  /** The highest priority calling when the pause began. */
  private pausedRank = 0;
  private repeatTimer: ReturnType<typeof setTimeout> | undefined;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly output: AlarmAudioOutput,
    private readonly clock: SoundClock = browserClock,
    private readonly pauseMs: number = AUDIO_PAUSE_MS,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): AlarmSoundState => this.state;

  /** After the first user gesture: from now on sound may play. */
  unlock(): void {
    this.output.unlock();
    if (this.state.unlocked) return;
    this.set({ unlocked: true });
    this.reconcile(false);
  }

  /** The alarms this screen watches (open ones); call whenever they change. */
  setAlarms(alarms: readonly Alarm[]): void {
    const next = new Map<string, AlarmPriority>();
    for (const alarm of alarms) if (needsAttention(alarm)) next.set(alarm.id, alarm.priority);
    const arrived = [...next.keys()].some((id) => !this.attention.has(id));
    this.attention = next;
    let calling: AlarmPriority | null = null;
    for (const priority of next.values()) if (calling === null || PRIORITY_RANK[priority] > PRIORITY_RANK[calling]) calling = priority;
    if (calling !== this.state.calling) this.set({ calling });
    if (this.state.pausedUntil !== null) {
      const higher = [...next.values()].some((priority) => PRIORITY_RANK[priority] > this.pausedRank);
      // Equal or lower priority stays silent until the pause runs out, even after the paused
      // alarm was answered: the pause is a promise of two quiet minutes, shown with its countdown.
      if (higher) this.endPause();
    }
    this.reconcile(arrived);
  }

  /** AUDIO PAUSED for `pauseMs`; only while something calls (there is nothing to pause otherwise). */
  pause(): void {
    if (this.state.calling === null) return;
    this.pausedRank = PRIORITY_RANK[this.state.calling];
    this.clearPauseTimer();
    const until = this.clock.now() + this.pauseMs;
    this.pauseTimer = this.clock.setTimeout(() => {
      this.pauseTimer = undefined;
      this.endPause();
      this.reconcile(true);
    }, this.pauseMs);
    this.set({ pausedUntil: until });
    this.reconcile(false);
  }

  /** Ends the pause early: sound comes back at once if anything calls. */
  resume(): void {
    if (this.state.pausedUntil === null) return;
    this.endPause();
    this.reconcile(true);
  }

  dispose(): void {
    this.clearPauseTimer();
    this.stopRepeating();
    this.output.silence();
    this.listeners.clear();
  }

  private endPause(): void {
    this.clearPauseTimer();
    this.pausedRank = 0;
    if (this.state.pausedUntil !== null) this.set({ pausedUntil: null });
  }

  /** Starts, switches or stops the repeating announcement; `announceNow` restarts it at once. */
  private reconcile(announceNow: boolean): void {
    const { unlocked, calling, pausedUntil, sounding } = this.state;
    const wanted = unlocked && pausedUntil === null ? calling : null;
    if (wanted === sounding && !(announceNow && wanted !== null)) return;
    this.stopRepeating();
    if (wanted === null) {
      this.output.silence();
      if (sounding !== null) this.set({ sounding: null });
      return;
    }
    if (sounding !== wanted) this.set({ sounding: wanted });
    this.announce(wanted);
  }

  private announce(priority: AlarmPriority): void {
    this.output.play(priority);
    this.repeatTimer = this.clock.setTimeout(() => this.announce(priority), PRIORITY_PRESENTATION[priority].sound.repeatEveryMs);
  }

  private stopRepeating(): void {
    if (this.repeatTimer !== undefined) this.clock.clearTimeout(this.repeatTimer);
    this.repeatTimer = undefined;
  }

  private clearPauseTimer(): void {
    if (this.pauseTimer !== undefined) this.clock.clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
  }

  private set(patch: Partial<AlarmSoundState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
