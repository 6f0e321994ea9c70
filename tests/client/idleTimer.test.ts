import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IdleSnapshot, IdleTimer, describeIdleTime, idlePolicy, secondsLeft } from '../../client/src/app/idle/idleTimer.ts';
import { SIGN_IN_ENDED, clearSignOutNotice, currentSignOutNotice, noteSignOut } from '../../client/src/app/idle/signOutNotice.ts';
import { messageFor } from '../../client/src/app/idle/tabChannel.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** A timer on the server's default policy (15 minutes), driven by Vitest's fake clock. */
function setup(idleMinutes = 15) {
  const policy = idlePolicy(idleMinutes);
  if (!policy) throw new Error('idle sign-out is off');
  const reports: number[] = [];
  const changes: IdleSnapshot[] = [];
  const timer = new IdleTimer({ policy, report: () => reports.push(Date.now()), onChange: (snapshot) => changes.push(snapshot) });
  const phases = () => changes.map((change) => change.phase);
  return { policy, timer, reports, changes, phases };
}

describe('idle policy', () => {
  it('warns a minute ahead and reports at most once a minute, scaled down for short idle times', () => {
    expect(idlePolicy(15)).toEqual({ idleMs: 15 * MINUTE, warnMs: MINUTE, reportEveryMs: MINUTE });
    // The e2e server's 6 s: the warning takes half of it, reports a quarter.
    expect(idlePolicy(0.1)).toEqual({ idleMs: 6 * SECOND, warnMs: 3 * SECOND, reportEveryMs: 1.5 * SECOND });
  });

  it('is off at 0 and for nonsense', () => {
    expect(idlePolicy(0)).toBeNull();
    expect(idlePolicy(-1)).toBeNull();
    expect(idlePolicy(Number.NaN)).toBeNull();
  });

  it('says the idle time in words and counts down whole seconds, rounding up', () => {
    expect(describeIdleTime(15 * MINUTE)).toBe('15 minutes');
    expect(describeIdleTime(MINUTE)).toBe('1 minute');
    expect(describeIdleTime(6 * SECOND)).toBe('6 seconds');
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe('idle timer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-20T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('warns a minute before the idle time is up and expires at it, reporting only the start', () => {
    const { timer, reports, changes, phases } = setup();
    const started = Date.now();
    timer.start();
    expect(reports).toEqual([started]);

    vi.advanceTimersByTime(14 * MINUTE - 1);
    expect(phases()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(phases()).toEqual(['warning']);
    expect(changes[0]?.deadline).toBe(started + 15 * MINUTE);

    vi.advanceTimersByTime(MINUTE - 1);
    expect(phases()).toEqual(['warning']);
    vi.advanceTimersByTime(1);
    expect(phases()).toEqual(['warning', 'expired']);
    expect(timer.snapshot().phase).toBe('expired');
    // Nobody was there: the server heard nothing after the start.
    expect(reports).toHaveLength(1);
  });

  it('pushes the deadline back with every activity', () => {
    const { timer, phases } = setup();
    timer.start();
    vi.advanceTimersByTime(10 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(phases()).toEqual([]);
    vi.advanceTimersByTime(4 * MINUTE);
    expect(phases()).toEqual(['warning']);
    expect(timer.snapshot().deadline).toBe(Date.now() + MINUTE);
  });

  it('reports activity at once after a quiet minute, then at most once a minute while it goes on', () => {
    const { timer, reports } = setup();
    const started = Date.now();
    timer.start();
    // Busy typing for three minutes, a key every 2 s.
    for (let elapsed = 0; elapsed < 3 * MINUTE; elapsed += 2 * SECOND) {
      vi.advanceTimersByTime(2 * SECOND);
      timer.activity();
    }
    expect(reports.map((at) => (at - started) / SECOND)).toEqual([0, 60, 120, 180]);

    // Then quiet for five minutes: the key pressed right after the 180 s report goes out once
    // more a minute later (trailing edge), then nothing.
    vi.advanceTimersByTime(5 * MINUTE);
    expect(reports.map((at) => (at - started) / SECOND)).toEqual([0, 60, 120, 180, 240]);

    // The first key after the quiet spell is reported straight away (leading edge).
    timer.activity();
    expect(reports.at(-1)).toBe(Date.now());
    expect(reports).toHaveLength(6);
  });

  it('sends the last activity of a burst after the interval (trailing edge), so the server never lags behind', () => {
    const { timer, reports } = setup();
    timer.start();
    const started = Date.now();
    vi.advanceTimersByTime(10 * SECOND);
    timer.activity(); // within the minute after the start's report: held back
    expect(reports).toHaveLength(1);
    vi.advanceTimersByTime(50 * SECOND);
    expect(reports.map((at) => at - started)).toEqual([0, MINUTE]);
    // Exactly one trailing report, not one per activity.
    vi.advanceTimersByTime(5 * MINUTE);
    expect(reports).toHaveLength(2);
  });

  it('ignores ordinary activity during the warning; only "stay signed in" keeps the sign-in', () => {
    const { timer, reports, phases } = setup();
    timer.start();
    vi.advanceTimersByTime(14 * MINUTE + 30 * SECOND);
    expect(phases()).toEqual(['warning']);
    expect(timer.activity()).toBe(false);
    expect(timer.snapshot().phase).toBe('warning');

    timer.stay();
    expect(phases()).toEqual(['warning', 'active']);
    // Reported at once, not throttled: the server must hear of it before its own clock runs out.
    expect(reports.at(-1)).toBe(Date.now());
    vi.advanceTimersByTime(14 * MINUTE - 1);
    expect(phases()).toEqual(['warning', 'active']);
    vi.advanceTimersByTime(1);
    expect(phases()).toEqual(['warning', 'active', 'warning']);
  });

  it('takes activity in another tab as activity here, and lets it end this tab’s warning', () => {
    const { timer, reports, phases } = setup();
    timer.start();
    vi.advanceTimersByTime(14 * MINUTE + 10 * SECOND);
    expect(phases()).toEqual(['warning']);
    timer.remoteActivity(Date.now() - SECOND);
    expect(phases()).toEqual(['warning', 'active']);
    expect(timer.snapshot().deadline).toBe(Date.now() - SECOND + 15 * MINUTE);
    // The other tab reported it; this one does not again.
    expect(reports).toHaveLength(1);
    // Stale or future news moves nothing.
    const deadline = timer.snapshot().deadline;
    timer.remoteActivity(Date.now() - 10 * MINUTE);
    expect(timer.snapshot().deadline).toBe(deadline);
    timer.remoteActivity(Date.now() + 10 * MINUTE);
    expect(timer.snapshot().deadline).toBe(Date.now() + 15 * MINUTE);
  });

  it('expires at once when it wakes after the deadline (a sleeping laptop, a background tab)', () => {
    const { timer, phases } = setup();
    timer.start();
    // The computer sleeps: the clock jumps without the timers firing.
    vi.setSystemTime(Date.now() + 20 * MINUTE);
    timer.check();
    expect(phases()).toEqual(['expired']);
    // Nothing brings an expired timer back.
    timer.activity();
    timer.stay();
    timer.remoteActivity(Date.now());
    expect(timer.snapshot().phase).toBe('expired');
  });

  it('stops cleanly: no phase change or report after stop()', () => {
    const { timer, reports, phases } = setup();
    timer.start();
    vi.advanceTimersByTime(10 * SECOND);
    timer.activity(); // schedules a trailing report
    timer.stop();
    vi.advanceTimersByTime(30 * MINUTE);
    expect(phases()).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs the e2e server’s 6-second policy: warning after 3 s, sign-out after 6 s', () => {
    const { timer, phases, changes } = setup(0.1);
    const started = Date.now();
    timer.start();
    vi.advanceTimersByTime(3 * SECOND);
    expect(phases()).toEqual(['warning']);
    expect(secondsLeft(changes[0]?.deadline ?? 0, Date.now())).toBe(3);
    vi.advanceTimersByTime(3 * SECOND);
    expect(phases()).toEqual(['warning', 'expired']);
    expect(Date.now() - started).toBe(6 * SECOND);
  });
});

describe('sign-out notice', () => {
  afterEach(() => clearSignOutNotice());

  it('keeps the first reason: an idle sign-out stays one when its logout meets an ended sign-in', () => {
    noteSignOut('Signed out after 15 minutes without activity.');
    noteSignOut(SIGN_IN_ENDED);
    expect(currentSignOutNotice()).toBe('Signed out after 15 minutes without activity.');
    clearSignOutNotice();
    expect(currentSignOutNotice()).toBeNull();
  });
});

describe('tab messages', () => {
  it('accepts activity and sign-out for the same user only, and nothing malformed', () => {
    expect(messageFor('u1', { userId: 'u1', message: { type: 'activity', at: 5 } })).toEqual({ type: 'activity', at: 5 });
    expect(messageFor('u1', { userId: 'u1', message: { type: 'signedOut', notice: 'x' } })).toEqual({ type: 'signedOut', notice: 'x' });
    expect(messageFor('u1', { userId: 'u1', message: { type: 'signedOut' } })).toEqual({ type: 'signedOut', notice: null });
    expect(messageFor('u1', { userId: 'u2', message: { type: 'activity', at: 5 } })).toBeNull();
    expect(messageFor('u1', { userId: 'u1', message: { type: 'activity', at: 'soon' } })).toBeNull();
    expect(messageFor('u1', { userId: 'u1', message: { type: 'reload' } })).toBeNull();
    expect(messageFor('u1', null)).toBeNull();
    expect(messageFor('u1', 'activity')).toBeNull();
  });
});
