import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatCountdown } from '../../client/src/features/alarms/alarmView.ts';
import { type AlarmAudioOutput, AlarmSoundController, type SoundClock } from '../../client/src/features/alarms/sound/alarmSound.ts';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import { AUDIO_PAUSE_MS, type AlarmPriority, PRIORITY_PRESENTATION } from '../../shared/alarms/priority.ts';
import { minute } from './fixtures.ts';

/** What a screen would play, in order: the priority of every announcement, and each silence. */
class RecordingOutput implements AlarmAudioOutput {
  readonly played: AlarmPriority[] = [];
  unlocks = 0;
  silences = 0;
  unlock(): void {
    this.unlocks++;
  }
  play(priority: AlarmPriority): void {
    this.played.push(priority);
  }
  silence(): void {
    this.silences++;
  }
}

const fakeClock: SoundClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

function alarm(id: string, priority: AlarmPriority, overrides: Partial<Alarm> = {}): Alarm {
  return {
    id,
    sessionId: 's1',
    ruleId: priority === 'high' ? 'spo2.low' : priority === 'medium' ? 'hr.high' : 'obs.overdue',
    alarmClass: priority === 'low' ? 'technical' : 'physiological',
    priority,
    value: '88 %',
    raisedAt: minute(0),
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    announcedAt: minute(0),
    escalatedAt: null,
    closedAt: null,
    ...overrides,
  };
}

const acknowledged = (a: Alarm): Alarm => ({ ...a, acknowledgedAt: minute(1), acknowledgedBy: 'd1', acknowledgedByName: 'Dr. Paul Physician' });
const repeat = (priority: AlarmPriority): number => PRIORITY_PRESENTATION[priority].sound.repeatEveryMs;

describe('alarm sound on one screen', () => {
  let output: RecordingOutput;
  let sound: AlarmSoundController;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse(minute(0)));
    output = new RecordingOutput();
    sound = new AlarmSoundController(output, fakeClock);
  });

  afterEach(() => {
    sound.dispose();
    vi.useRealTimers();
  });

  it('stays silent until the browser allows sound (a click or key press), then sounds what calls', () => {
    sound.setAlarms([alarm('a', 'medium')]);
    expect(output.played).toEqual([]);
    expect(sound.getState()).toMatchObject({ unlocked: false, calling: 'medium', sounding: null });
    sound.unlock();
    expect(output.unlocks).toBe(1);
    expect(output.played).toEqual(['medium']);
    expect(sound.getState()).toMatchObject({ unlocked: true, sounding: 'medium' });
  });

  it('repeats each priority at its own interval: high every 5 s, medium every 15 s, low every minute', () => {
    sound.unlock();
    for (const priority of ['low', 'medium', 'high'] as const) {
      output.played.length = 0;
      sound.setAlarms([alarm(`only-${priority}`, priority)]);
      expect(output.played).toEqual([priority]);
      vi.advanceTimersByTime(repeat(priority) - 1);
      expect(output.played).toEqual([priority]);
      vi.advanceTimersByTime(1);
      expect(output.played).toEqual([priority, priority]);
      vi.advanceTimersByTime(repeat(priority) * 2);
      expect(output.played).toHaveLength(4);
    }
    expect(repeat('high')).toBe(5_000);
    expect(repeat('medium')).toBe(15_000);
    expect(repeat('low')).toBe(60_000);
  });

  it('plays the highest priority that needs attention, and announces a new alarm at once', () => {
    sound.unlock();
    sound.setAlarms([alarm('low', 'low'), alarm('med', 'medium')]);
    expect(output.played).toEqual(['medium']);
    vi.advanceTimersByTime(3_000);
    // A new high alarm: at once, and from then on its pattern only.
    sound.setAlarms([alarm('low', 'low'), alarm('med', 'medium'), alarm('high', 'high')]);
    expect(output.played).toEqual(['medium', 'high']);
    vi.advanceTimersByTime(15_000);
    expect(output.played).toEqual(['medium', 'high', 'high', 'high', 'high']);
    // Another alarm of the same priority is announced at once too.
    sound.setAlarms([alarm('low', 'low'), alarm('med', 'medium'), alarm('high', 'high'), alarm('high-2', 'high')]);
    expect(output.played.at(-1)).toBe('high');
    expect(output.played).toHaveLength(6);
  });

  it('stops when nothing needs attention: acknowledged or closed alarms are quiet, latched ones are not', () => {
    sound.unlock();
    const high = alarm('high', 'high');
    sound.setAlarms([high]);
    sound.setAlarms([acknowledged(high)]);
    expect(sound.getState()).toMatchObject({ calling: null, sounding: null });
    expect(output.silences).toBeGreaterThan(0);
    const played = output.played.length;
    vi.advanceTimersByTime(60_000);
    expect(output.played).toHaveLength(played);
    // Resolved but not acknowledged still calls (latched), and is announced again.
    sound.setAlarms([{ ...alarm('latched', 'high'), resolvedAt: minute(2) }]);
    expect(sound.getState().sounding).toBe('high');
    sound.setAlarms([{ ...alarm('closed', 'high'), resolvedAt: minute(2), acknowledgedAt: minute(3), closedAt: minute(3) }]);
    expect(sound.getState().sounding).toBeNull();
  });

  it('pauses audio for two minutes with the end time to count down, then sounds again at once', () => {
    sound.unlock();
    sound.setAlarms([alarm('high', 'high')]);
    sound.pause();
    expect(sound.getState()).toMatchObject({ sounding: null, calling: 'high', pausedUntil: Date.now() + AUDIO_PAUSE_MS });
    expect(AUDIO_PAUSE_MS).toBe(120_000);
    const played = output.played.length;
    vi.advanceTimersByTime(AUDIO_PAUSE_MS - 1);
    expect(output.played).toHaveLength(played);
    expect(formatCountdown((sound.getState().pausedUntil ?? 0) - Date.now())).toBe('0:01');
    vi.advanceTimersByTime(1);
    expect(sound.getState()).toMatchObject({ pausedUntil: null, sounding: 'high' });
    expect(output.played).toHaveLength(played + 1);
  });

  it('lets a new alarm of higher priority through the pause, but not one of equal or lower priority', () => {
    sound.unlock();
    sound.setAlarms([alarm('med', 'medium')]);
    sound.pause();
    const played = output.played.length;
    sound.setAlarms([alarm('med', 'medium'), alarm('med-2', 'medium'), alarm('low', 'low')]);
    expect(sound.getState().pausedUntil).not.toBeNull();
    expect(output.played).toHaveLength(played);
    sound.setAlarms([alarm('med', 'medium'), alarm('high', 'high')]);
    expect(sound.getState()).toMatchObject({ pausedUntil: null, sounding: 'high' });
    expect(output.played.at(-1)).toBe('high');
  });

  it('treats an alarm that worsens past the paused priority as higher', () => {
    sound.unlock();
    sound.setAlarms([alarm('spo2', 'medium')]);
    sound.pause();
    sound.setAlarms([alarm('spo2', 'high')]);
    expect(sound.getState()).toMatchObject({ pausedUntil: null, sounding: 'high' });
  });

  it('keeps the pause when the paused alarm is answered, and never pauses with nothing to silence', () => {
    sound.unlock();
    sound.pause();
    expect(sound.getState().pausedUntil).toBeNull();
    const high = alarm('high', 'high');
    sound.setAlarms([high]);
    sound.pause();
    sound.setAlarms([acknowledged(high)]);
    sound.setAlarms([acknowledged(high), alarm('high-2', 'high')]);
    expect(sound.getState()).toMatchObject({ sounding: null });
    expect(sound.getState().pausedUntil).not.toBeNull();
    sound.resume();
    expect(sound.getState()).toMatchObject({ pausedUntil: null, sounding: 'high' });
  });

  it('tells its listeners, and is silent for good once disposed', () => {
    const listener = vi.fn();
    sound.subscribe(listener);
    sound.unlock();
    sound.setAlarms([alarm('high', 'high')]);
    expect(listener).toHaveBeenCalled();
    sound.dispose();
    const played = output.played.length;
    vi.advanceTimersByTime(60_000);
    expect(output.played).toHaveLength(played);
  });
});

describe('the pause countdown', () => {
  it('reads minutes and seconds, rounded up, never past the pause', () => {
    expect(formatCountdown(120_000)).toBe('2:00');
    expect(formatCountdown(121_500)).toBe('2:00');
    expect(formatCountdown(119_001)).toBe('2:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(9_000)).toBe('0:09');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
