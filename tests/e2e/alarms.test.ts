import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, signInThroughForm } from '../support/chromium.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifactsDir = path.join(repoRoot, 'test-artifacts');

const WALL = { width: 1920, height: 1080 } as const;
const TABLET = { width: 1024, height: 768 } as const;
/** The tones `PRIORITY_PRESENTATION` gives each priority. */
const HIGH_HZ = 880;
const MEDIUM_HZ = 660;
/** Push over the socket, plus the alarm clock's 200 ms tick, with room for a slow machine. */
const LIVE_MS = 5_000;

type Seeded = { id: string; chair: string };

/**
 * Alarms a physician can trust, end to end in Chromium against the real server (alarm clock every
 * 200 ms, escalation after 3 s): the alarm on every screen's card and in the escalation banner,
 * sound by priority with an audio pause that a higher alarm breaks and that runs out, an
 * acknowledgement that clears every screen, the overdue reminder, the discharge checklist with a
 * physician's override, and the alarm limits.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'alarms in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let servedDir = '';
  let nurseApi: ApiClient;
  let physicianApi: ApiClient;
  let physicianContext: BrowserContext;
  let nurseContext: BrowserContext;
  let physician: Page;
  let nurse: Page;
  const problems: string[] = [];
  let stopClock: () => void = () => undefined;
  const sessions: Record<'alarm' | 'overdue' | 'discharge' | 'override' | 'calm', Seeded> = {
    alarm: { id: '', chair: '' },
    overdue: { id: '', chair: '' },
    discharge: { id: '', chair: '' },
    override: { id: '', chair: '' },
    calm: { id: '', chair: '' },
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    // Serve a copy: a rebuild running meanwhile (it empties dist/) cannot pull the page from under the test.
    servedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-client-'));
    fs.cpSync(clientDir, servedDir, { recursive: true });
    // The alarm clock starts once the chairs are set up: their histories begin in the past, and a
    // tick between a check-in and its first reading would find the blood pressure "overdue".
    server = await startTestServer(tempSqlite(), { clientDir: servedDir, alarmTickMs: 0 });
    nurseApi = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    physicianApi = new ApiClient(server.baseUrl, await server.signIn('physician'));
    // A drill setting: an unanswered high alarm escalates after 3 s instead of 2 min.
    expectStatus(await physicianApi.post('/api/alarm-settings', { escalateAfterMinutes: 0.05 }), 200);

    const chairs = server.cast.chairs;
    const chair = (index: number) => chairs[index] ?? chairs[0];
    const [alarm, overdue, discharge, override, calm] = await Promise.all([
      seedSession(server, nurseApi, chair(0), 'Sam Moreau', { phase: 'infusing', bp: [134, 84], hr: 88, sedation: 4 }),
      seedSession(server, nurseApi, chair(1), 'Robin Tanaka', { phase: 'infusing', bp: [126, 80], hr: 80 }),
      seedSession(server, nurseApi, chair(2), 'Avery Collins', { phase: 'recovery', bp: [128, 82], hr: 76, sedation: 5 }),
      seedSession(server, nurseApi, chair(3), 'Alex Romero', { phase: 'recovery', bp: [150, 92], hr: 90, sedation: 5 }),
      seedSession(server, nurseApi, chair(4), 'Jamie Lindqvist', { phase: 'baseline', bp: [118, 76], hr: 70 }),
    ]);
    Object.assign(sessions, { alarm, overdue, discharge, override, calm });
    stopClock = startAlarmClock(server, 200);

    browser = await launchChromium();
    physicianContext = await newContext(browser, { viewport: WALL, colorScheme: 'light' });
    nurseContext = await newContext(browser, { viewport: TABLET, colorScheme: 'light' });
    // The nurse's tablet is told plainly when it has had no click or key press since it loaded (as a
    // browser does; Playwright's own evaluations would count as gestures).
    await nurseContext.addInitScript(() => {
      let clicked = false;
      window.addEventListener('click', () => {
        clicked = true;
      }, true);
      window.addEventListener('keydown', () => {
        clicked = true;
      }, true);
      Object.defineProperty(Navigator.prototype, 'userActivation', { get: () => ({ hasBeenActive: clicked, isActive: false }) });
    });
    [physician, nurse] = await Promise.all([signedIn(physicianContext, server.baseUrl, 'physician'), signedIn(nurseContext, server.baseUrl, 'nurse')]);
    collectProblems(physician, problems);
    collectProblems(nurse, problems);
  }, 30_000);

  afterAll(async () => {
    stopClock();
    await browser?.close();
    await server?.close();
    if (servedDir) fs.rmSync(servedDir, { recursive: true, force: true });
  });

  it('puts an alarm on every card and the escalation banner, and sounds by priority; the audio pause gives way to a higher alarm and runs out', async () => {
    // A third screen whose clock the test drives, with Web Audio observed: every tone started is logged.
    const soundContext = await newContext(browser, { viewport: TABLET, colorScheme: 'dark' });
    await soundContext.clock.install();
    await soundContext.addInitScript(() => {
      const tones: number[] = [];
      (window as unknown as { __alarmTones: number[] }).__alarmTones = tones;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        const oscillator = create.call(this);
        const start = oscillator.start.bind(oscillator);
        oscillator.start = (when?: number) => {
          tones.push(oscillator.frequency.value);
          start(when);
        };
        return oscillator;
      };
    });
    const sound = await signedIn(soundContext, server.baseUrl, 'physician');
    const audio = sound.locator('[data-alarm-audio]');
    const tones = () => sound.evaluate(() => [...(window as unknown as { __alarmTones: number[] }).__alarmTones]);
    // Signing in was the user gesture: sound is on, nothing calls yet.
    await expect.poll(() => audio.getAttribute('data-alarm-audio')).toBe('on');

    // A nurse charts a fast pulse: medium priority, on both wards at once, and it sounds.
    await postObservations(nurseApi, [manual(sessions.alarm.id, 'heartRate', 118)]);
    const physicianCard = card(physician, sessions.alarm.id);
    const nurseCard = card(nurse, sessions.alarm.id);
    await expect.poll(() => physicianCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBe('medium');
    await expect.poll(() => nurseCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBe('medium');
    await expect.poll(() => audio.getAttribute('data-sounding'), { timeout: LIVE_MS }).toBe('medium');
    await expect.poll(async () => (await tones()).filter((hz) => hz === MEDIUM_HZ).length).toBeGreaterThanOrEqual(3);

    // Audio paused: the countdown shows; nothing is switched off for good.
    await audio.click();
    await expect.poll(() => audio.getAttribute('data-alarm-audio')).toBe('paused');
    expect(await textOf(audio.locator('[data-countdown]'))).toMatch(/^(2:00|1:5\d)$/);

    // A severe hypertension, charted by hand, alarms at once and is of higher priority: it breaks the pause.
    await postObservations(nurseApi, [manualBp(sessions.alarm.id, 195, 115)]);
    await expect.poll(() => audio.getAttribute('data-sounding'), { timeout: LIVE_MS }).toBe('high');
    await expect.poll(async () => (await tones()).filter((hz) => hz === HIGH_HZ).length).toBeGreaterThanOrEqual(10);
    await expect.poll(() => physicianCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBe('high');
    await expect.poll(() => nurseCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBe('high');

    // The card: colour (data-alarm), the standard marker, the words, the value, one more behind it.
    const band = physicianCard.locator('.card-alarm');
    expect(await band.getAttribute('data-priority')).toBe('high');
    expect(await textOf(band.locator('.card-alarm__marker'))).toBe('***');
    expect(await textOf(band.locator('.card-alarm__label'))).toBe('Severe hypertension');
    expect(await textOf(band.locator('.card-alarm__value'))).toBe('195/115 mmHg');
    // The same reading also rose past the baseline (medium), and the pulse is still high.
    expect(await textOf(band.locator('.card-alarm__more'))).toMatch(/^\+2/);
    expect(await band.locator('.alarm-lamp--flashing').count()).toBe(1);
    // The band takes the footer's place at the footer's height: an alarm never makes a card taller.
    const footerHeight = (session: string) => card(physician, session).locator('.session-card__footer').evaluate((footer) => footer.getBoundingClientRect().height);
    expect(Math.abs((await footerHeight(sessions.alarm.id)) - (await footerHeight(sessions.calm.id)))).toBeLessThanOrEqual(1);
    // The nurse sees it but may not acknowledge; the physician may.
    expect(await nurseCard.locator('[data-acknowledge]').count()).toBe(0);
    expect(await physicianCard.locator('[data-acknowledge]').count()).toBe(1);

    // A desaturation charted by hand (high at once), then recovered: latched until acknowledged.
    await postObservations(nurseApi, [manual(sessions.alarm.id, 'spo2', 90, 1_000)]);
    await postObservations(nurseApi, [manual(sessions.alarm.id, 'spo2', 97)]);

    // Unanswered for the clinic's escalation time: the banner on every screen, with chair, patient and alarm.
    const nurseBanner = nurse.locator('[data-escalation-banner]');
    await nurseBanner.locator('[data-escalated-alarm]').nth(1).waitFor({ timeout: LIVE_MS + 3_000 });
    const nurseBannerText = await textOf(nurseBanner);
    expect(nurseBannerText).toContain(sessions.alarm.chair);
    expect(nurseBannerText).toContain('Sam Moreau');
    expect(nurseBannerText).toContain('Severe hypertension');
    expect(nurseBannerText).toContain('Low SpO₂');
    expect(nurseBannerText).toMatch(/unanswered since \d{2}:\d{2}:\d{2}/);
    expect(await nurseBanner.locator(`a[href="/sessions/${sessions.alarm.id}"]`).count()).toBeGreaterThan(0);
    await physician.locator('[data-escalation-banner] [data-escalated-alarm]').nth(1).waitFor({ timeout: LIVE_MS });

    // Pause again; a minute on, still paused and silent; past two minutes the sound is back.
    await audio.click();
    await expect.poll(() => audio.getAttribute('data-alarm-audio')).toBe('paused');
    const highBefore = (await tones()).filter((hz) => hz === HIGH_HZ).length;
    await soundContext.clock.fastForward(60_000);
    await expect.poll(() => textOf(audio.locator('[data-countdown]'))).toMatch(/^(1:00|0:5\d)$/);
    expect(await audio.getAttribute('data-alarm-audio')).toBe('paused');
    expect((await tones()).filter((hz) => hz === HIGH_HZ).length).toBe(highBefore);
    await soundContext.clock.fastForward(61_000);
    await expect.poll(() => audio.getAttribute('data-alarm-audio')).toBe('sounding');
    expect(await audio.getAttribute('data-sounding')).toBe('high');
    await expect.poll(async () => (await tones()).filter((hz) => hz === HIGH_HZ).length).toBeGreaterThan(highBefore);
    await soundContext.close();

    // The wall by urgency puts the alarmed chair first.
    await physician.getByRole('radio', { name: 'Urgency' }).check();
    await expect.poll(() => physician.locator('article.session-card').first().getAttribute('data-session-id')).toBe(sessions.alarm.id);
    await physician.getByRole('radio', { name: 'Chair' }).check();

    await checkAndPicture(physician, 'alarms-ward');
  }, 40_000);

  it('shows the session’s alarms with their states and NEWS2; an acknowledgement clears every screen', async () => {
    await physician.locator(`article[data-session-id="${sessions.alarm.id}"] a.session-card__link`).click();
    await physician.waitForURL(`**/sessions/${sessions.alarm.id}`);
    const panel = physician.locator('[data-alarm-panel]');
    const row = (ruleLabel: string) => panel.locator('.alarm-row', { hasText: ruleLabel });
    await row('Low SpO₂').waitFor();
    expect(await row('Low SpO₂').getAttribute('data-state')).toBe('resolved-unacknowledged');
    expect(await textOf(row('Low SpO₂'))).toContain('Resolved — not acknowledged');
    expect(await row('Severe hypertension').getAttribute('data-state')).toBe('active');
    expect(await textOf(row('Tachycardia'))).toContain('Medium priority');

    // NEWS2 from the latest readings: HR 118 scores 2, MOAA/S 4 is "V" (3): 5, medium.
    const news2 = physician.locator('[data-news2-panel]');
    expect(await news2.getAttribute('data-news2')).toBe('5');
    expect(await textOf(news2)).toContain('Medium risk');

    // Acknowledged from the session: who and when replace the button; the banner row goes on every screen.
    const hypertension = (await alarmsOf(physicianApi, sessions.alarm.id)).find((alarm) => alarm.ruleId === 'bp.high');
    await row('Severe hypertension').getByRole('button', { name: /Acknowledge/ }).click();
    await expect.poll(() => row('Severe hypertension').getAttribute('data-state')).toBe('acknowledged');
    expect(await textOf(row('Severe hypertension').locator('.alarm-row__ack'))).toMatch(/Dr\. Paul Physician, \d{2}:\d{2}:\d{2}/);
    await nurse.locator(`[data-escalated-alarm="${hypertension?.id}"]`).waitFor({ state: 'detached', timeout: LIVE_MS });

    await physician.evaluate(() => window.scrollTo(0, 0));
    await checkAndPicture(physician, 'alarms-session');

    // The latched one acknowledged is closed: history, and off the nurse's banner, which is now gone.
    await row('Low SpO₂').getByRole('button', { name: /Acknowledge/ }).click();
    await panel.locator('.alarm-history').waitFor();
    await nurse.locator('[data-escalation-banner]').waitFor({ state: 'detached', timeout: LIVE_MS });
    // The pulse and the rise acknowledged: the nurse's card is calm again, with the acknowledged mark in its head.
    await row('Tachycardia').getByRole('button', { name: /Acknowledge/ }).click();
    await row('BP rise over baseline').getByRole('button', { name: /Acknowledge/ }).click();
    const nurseCard = card(nurse, sessions.alarm.id);
    await expect.poll(() => nurseCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBeNull();
    expect(await nurseCard.getAttribute('data-alarm-acknowledged')).toBe('true');
    await nurseCard.locator('.side-effect-line').waitFor();
    await picture(nurse, 'alarms-acknowledged-day', [TABLET]);

    // The session's own limits: the API's verdict lands beside the field; a valid change is saved.
    const limits = physician.locator('[data-session-limits]');
    await limits.locator('summary').click();
    const delay = limits.getByRole('textbox', { name: 'SpO₂ high priority' });
    await delay.fill('500');
    await limits.getByRole('button', { name: 'Save for this session' }).click();
    await expect.poll(() => delay.getAttribute('aria-invalid'), { timeout: LIVE_MS }).toBe('true');
    expect(await textOf(limits.locator('[data-field="delaysSeconds.spo2High"] .limit-field__error'))).toMatch(/120/);
    await delay.fill('20');
    await limits.getByRole('button', { name: 'Save for this session' }).click();
    await limits.getByRole('status').filter({ hasText: 'Saved for this session' }).waitFor();
    await expect.poll(async () => textOf(limits.locator('.session-limits__state'))).toBe('1 changed from the clinic’s');
    await expectNoAxeViolations(physician);
    await picture(physician, 'alarms-session-limits-day', [WALL], async (page) => {
      await page.locator('[data-session-limits]').evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 120));
    });
  }, 30_000);

  it('blocks discharge until the checklist is met, and lets a physician override with a reason', async () => {
    // The nurse at the bedside: two items open, Discharge blocked.
    // A freshly loaded tab has had no click or key press: no sound until it has, and it says so.
    await nurse.goto(`${server.baseUrl}/sessions/${sessions.discharge.id}/record`);
    const prompt = nurse.locator('[data-sound-prompt]');
    await prompt.waitFor();
    expect(await nurse.locator('[data-alarm-audio]').getAttribute('data-alarm-audio')).toBe('locked');
    await prompt.getByRole('button', { name: 'Enable alarm sound' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await nurse.locator('[data-alarm-audio]').getAttribute('data-alarm-audio')).not.toBe('locked');
    const checklist = nurse.locator('[data-discharge]');
    await checklist.locator('[data-item]').first().waitFor();
    await checklist.scrollIntoViewIfNeeded();
    expect(await checklist.getAttribute('data-met')).toBe('false');
    expect(await textOf(checklist.locator('.discharge__count'))).toBe('3 of 5 met');
    expect(await checklist.locator('[data-item="vitalsNearBaseline"]').getAttribute('data-met')).toBe('true');
    expect(await textOf(checklist.locator('[data-item="vitalsNearBaseline"]'))).toContain('BP 128/82 vs 124/80');
    const dischargeButton = checklist.getByRole('button', { name: 'Discharge' });
    expect(await dischargeButton.isDisabled()).toBe(true);
    expect(await checklist.getByRole('button', { name: /Override/ }).count()).toBe(0);
    await checkAndPicture(nurse, 'alarms-discharge', async (page) => {
      // The checklist's top just under the header, so its Discharge button shows on a tablet too.
      await page.locator('[data-discharge]').evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 76));
    });

    await checklist.getByLabel("Escort's name (optional)").fill('Jordan Moreau');
    await checklist.getByRole('checkbox', { name: 'A responsible adult escort is present' }).check();
    await expect.poll(() => checklist.locator('[data-item="escortPresent"]').getAttribute('data-met')).toBe('true');
    await expect.poll(() => textOf(checklist.locator('.discharge__count'))).toBe('4 of 5 met');
    expect(await dischargeButton.isDisabled()).toBe(true);
    await checklist.getByRole('checkbox', { name: 'Written no-driving instructions given' }).check();
    await expect.poll(() => checklist.getAttribute('data-met')).toBe('true');
    await expect.poll(() => dischargeButton.isDisabled()).toBe(false);
    await dischargeButton.click();
    await nurse.getByRole('dialog').getByRole('button', { name: 'Discharge' }).click();
    await nurse.locator('.entry-screen[data-phase="discharged"]').waitFor({ timeout: LIVE_MS });
    expect((await recordOf(nurseApi, sessions.discharge.id)).phase).toBe('discharged');

    // Criteria unmet (vitals far from baseline, no escort): the physician overrides from the session view.
    await physician.goto(`${server.baseUrl}/sessions/${sessions.override.id}`);
    const unmet = physician.locator('[data-discharge]');
    await unmet.locator('[data-item]').first().waitFor();
    expect(await unmet.locator('[data-item="vitalsNearBaseline"]').getAttribute('data-met')).toBe('false');
    expect(await unmet.getByRole('button', { name: 'Discharge' }).isDisabled()).toBe(true);
    await unmet.getByRole('button', { name: 'Override criteria…' }).click();
    const dialog = physician.getByRole('dialog');
    expect(await textOf(dialog)).toContain('Blood pressure and heart rate within 20 % of baseline');
    await dialog.getByRole('button', { name: 'Override and discharge' }).click();
    const reason = dialog.getByRole('textbox', { name: /Reason for the override/ });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(dialog.locator('.discharge-dialog__field-error'))).toMatch(/reason/i);
    await expectNoAxeViolations(physician);
    await reason.fill('Baseline BP high for this patient; reviewed at the chair, escort waiting outside');
    await dialog.getByRole('button', { name: 'Override and discharge' }).click();
    await expect.poll(async () => (await recordOf(physicianApi, sessions.override.id)).phase, { timeout: LIVE_MS }).toBe('discharged');
    await dialog.waitFor({ state: 'detached' });
  });

  it('reminds when a scheduled blood pressure is missed', async () => {
    const overdueCard = card(nurse, sessions.overdue.id);
    await nurse.goto(server.baseUrl);
    await overdueCard.waitFor();
    expect(await overdueCard.getAttribute('data-alarm')).toBeNull();
    // Sixteen minutes on, the infusing chairs are past their 10-minute cadence and its grace.
    await server.server.services.alarms.tick(Date.now() + 16 * 60_000);
    await expect.poll(() => overdueCard.getAttribute('data-alarm'), { timeout: LIVE_MS }).toBe('technical');
    const band = overdueCard.locator('.card-alarm');
    expect(await band.getAttribute('data-priority')).toBe('low');
    expect(await textOf(band.locator('.card-alarm__marker'))).toBe('*');
    expect(await textOf(band.locator('.card-alarm__label'))).toBe('Observation overdue');
    expect(await textOf(band.locator('.card-alarm__value'))).toContain('blood pressure due every 10 min');
    // Low priority is steady.
    expect(await band.locator('.alarm-lamp--flashing').count()).toBe(0);
    // Recording the blood pressure ends the reminder (a physician still acknowledges it).
    await postObservations(nurseApi, [manualBp(sessions.overdue.id, 124, 80)]);
    await expect.poll(() => band.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('resolved-unacknowledged');
    await picture(nurse, 'alarms-overdue-day', [TABLET]);
    // The physician acknowledges it from the card on the wall: resolved and acknowledged, it is closed, off every card.
    await physician.goto(server.baseUrl);
    await card(physician, sessions.overdue.id).locator('.card-alarm').getByRole('button', { name: /Acknowledge/ }).click();
    await expect.poll(() => overdueCard.locator('.card-alarm').count(), { timeout: LIVE_MS }).toBe(0);
    expect(await overdueCard.getAttribute('data-alarm')).toBeNull();
    expect(await overdueCard.getAttribute('data-alarm-acknowledged')).toBeNull();
  });

  it('keeps the clinic’s limits, with the API’s verdict beside the field', async () => {
    await physician.goto(`${server.baseUrl}/settings/alarms`);
    const form = physician.getByRole('form', { name: 'Clinic alarm limits' });
    const escalate = form.getByRole('textbox', { name: /Escalate unanswered high alarms/ });
    await escalate.waitFor();
    expect(await escalate.inputValue()).toBe('0.05');
    const reannounce = form.getByRole('textbox', { name: /Re-announce/ });
    await reannounce.fill('0');
    await form.getByRole('button', { name: 'Save clinic limits' }).click();
    await expect.poll(() => reannounce.getAttribute('aria-invalid'), { timeout: LIVE_MS }).toBe('true');
    expect(await textOf(form.locator('[data-field="reannounceMinutes"] .limit-field__error'))).toMatch(/1/);
    await expectNoAxeViolations(physician);
    await picture(physician, 'alarms-limits-day', [WALL]);
    await reannounce.fill('5');
    await form.getByRole('button', { name: 'Save clinic limits' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the limits to an admin, who configures them without watching the ward', async () => {
    const context = await newContext(browser, { viewport: WALL, colorScheme: 'light' });
    try {
      const admin = await context.newPage();
      await signInThroughForm(admin, server.baseUrl, 'admin');
      await admin.getByRole('button', { name: /Sign out/ }).waitFor();
      await admin.goto(`${server.baseUrl}/settings/alarms`);
      const escalate = admin.getByRole('form', { name: 'Clinic alarm limits' }).getByRole('textbox', { name: /Escalate unanswered high alarms/ });
      await expect.poll(() => escalate.inputValue(), { timeout: LIVE_MS }).toBe('0.05');
    } finally {
      await context.close();
    }
  });
});

/* ---------- set-up over the API ---------- */

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const MINUTE = 60_000;

function manual(sessionId: string, kind: 'heartRate' | 'spo2' | 'respiratoryRate' | 'temperature', value: number, agoMs = 0): ObservationInput {
  return { id: randomUUID(), sessionId, kind, value, observedAt: ago(agoMs), source: 'manual', ...(kind === 'spo2' ? { onOxygen: false } : {}) } as ObservationInput;
}

function manualBp(sessionId: string, systolic: number, diastolic: number, agoMs = 0): ObservationInput {
  return { id: randomUUID(), sessionId, kind: 'bloodPressure', systolic, diastolic, observedAt: ago(agoMs), source: 'manual' } as ObservationInput;
}

async function postObservations(api: ApiClient, observations: ObservationInput[]): Promise<void> {
  expectStatus(await api.post('/api/observations', { observations }), 201);
}

interface SeedPlan {
  phase: 'baseline' | 'infusing' | 'recovery';
  /** The latest blood pressure and pulse (the baseline is 124/80, 72, or 118/76, 70 for a check-in). */
  bp: [number, number];
  hr: number;
  /** A recent MOAA/S score, when the nurse has charted one. */
  sedation?: number;
}

/**
 * A patient in a chair: checked in 40 minutes ago with a baseline, infusing for 30 minutes or
 * (in recovery) stopped 20 minutes ago, with a full set of recent manual vitals.
 */
async function seedSession(server: TestServer, nurse: ApiClient, chair: { id: string; label: string } | undefined, name: string, plan: SeedPlan): Promise<Seeded> {
  if (!chair) throw new Error('the demo seed has no chairs');
  const patient = expectStatus(
    await nurse.post<{ patient: Patient }>('/api/patients', { id: randomUUID(), mrn: `MRN-${randomUUID().slice(0, 6)}`, name, dateOfBirth: '1984-06-02', weightKg: 74, allergies: [] }),
    201,
  ).patient;
  const checkIn = plan.phase === 'baseline' ? 10 * MINUTE : 60 * MINUTE;
  const session = expectStatus(
    await nurse.post<{ session: SessionSummary }>('/api/sessions', {
      id: randomUUID(),
      patientId: patient.id,
      chairId: chair.id,
      indication: 'treatmentResistantDepression',
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: 40,
      nurseId: server.cast.nurse.userId,
      physicianId: server.cast.physicianId,
      bookedAt: ago(checkIn + 5 * MINUTE),
    }),
    201,
  ).session;
  expectStatus(await nurse.post(`/api/sessions/${session.id}/phase`, { to: 'baseline', at: ago(checkIn) }), 200);
  await postObservations(nurse, [manualBp(session.id, 124, 80, checkIn - 3 * MINUTE), manual(session.id, 'heartRate', 72, checkIn - 3 * MINUTE)]);
  if (plan.phase !== 'baseline') {
    const started = plan.phase === 'recovery' ? 50 * MINUTE : 25 * MINUTE;
    expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: ago(started) }), 201);
  }
  if (plan.phase === 'recovery') {
    expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'stopped', at: ago(9 * MINUTE) }), 201);
  }
  await postObservations(nurse, [
    manualBp(session.id, plan.bp[0], plan.bp[1], 2 * MINUTE),
    manual(session.id, 'heartRate', plan.hr, 2 * MINUTE),
    manual(session.id, 'spo2', 97, 2 * MINUTE),
    manual(session.id, 'respiratoryRate', 15, 3 * MINUTE),
    manual(session.id, 'temperature', 36.8, 20 * MINUTE),
  ]);
  if (plan.sedation !== undefined) {
    const note = { id: randomUUID(), sessionId: session.id, kind: 'sedation', severity: plan.sedation >= 5 ? 'none' : 'mild', scale: 'moaas', score: plan.sedation, observedAt: ago(4 * MINUTE) };
    expectStatus(await nurse.post('/api/side-effects', { sideEffects: [note] }), 201);
  }
  return { id: session.id, chair: chair.label };
}

/** What `alarmTickMs` does in the server: tick every `ms`, never two at once. */
function startAlarmClock(server: TestServer, ms: number): () => void {
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    server.server.services.alarms
      .tick()
      .catch(() => undefined)
      .finally(() => {
        ticking = false;
      });
  }, ms);
  return () => clearInterval(timer);
}

async function alarmsOf(api: ApiClient, sessionId: string): Promise<Alarm[]> {
  return expectStatus(await api.get<{ alarms: Alarm[] }>('/api/alarms'), 200).alarms.filter((alarm) => alarm.sessionId === sessionId);
}

async function recordOf(api: ApiClient, sessionId: string): Promise<SessionSummary> {
  return expectStatus(await api.get<{ session: SessionSummary }>(`/api/sessions/${sessionId}`), 200).session;
}

/* ---------- the browser ---------- */

async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  // Generous waits for a loaded CI machine; timing claims are asserted explicitly, not through this.
  context.setDefaultTimeout(20_000);
  return context;
}

/** A page signed in through the form (the click is the gesture that lets it make sound), on the ward. */
async function signedIn(context: BrowserContext, baseUrl: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('chairside-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-connection="live"]').waitFor();
  await page.locator('article.session-card').first().waitFor();
  return page;
}

function card(page: Page, sessionId: string): Locator {
  return page.locator(`article[data-session-id="${sessionId}"]`);
}

/** Waits for the element, then reads its text, spaces collapsed. */
async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function setTheme(page: Page, theme: 'day' | 'night'): Promise<void> {
  const toggle = page.locator('[data-theme-toggle]');
  if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'night')) await toggle.click();
  await page.mouse.move(0, 0);
}

/** Screenshots into test-artifacts/, e.g. `alarms-ward-day-1024x768.png`; the viewport is put back after. */
async function picture(page: Page, name: string, viewports: ReadonlyArray<{ width: number; height: number }>, arrange?: (page: Page) => Promise<void>): Promise<void> {
  const original = page.viewportSize();
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await arrange?.(page);
    await page.screenshot({ path: path.join(artifactsDir, `${name}-${viewport.width}x${viewport.height}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * axe in day and night at the page's own size, then pictures of both themes on a tablet and a wall
 * (on the tablet, the header checked to fit and axe run again); back to day.
 */
async function checkAndPicture(page: Page, name: string, arrange?: (page: Page) => Promise<void>): Promise<void> {
  for (const theme of ['day', 'night'] as const) {
    await setTheme(page, theme);
    await expectNoAxeViolations(page);
  }
  const original = page.viewportSize();
  for (const viewport of [TABLET, WALL]) {
    await page.setViewportSize(viewport);
    for (const theme of ['day', 'night'] as const) {
      await setTheme(page, theme);
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      if (viewport === TABLET) {
        // The tablet is where the header is tight: it must fit, and pass axe, whoever is signed in.
        await expectHeaderFits(page);
        await expectNoAxeViolations(page);
      }
      await arrange?.(page);
      await page.screenshot({ path: path.join(artifactsDir, `${name}-${theme}-${viewport.width}x${viewport.height}.png`) });
    }
  }
  if (original) await page.setViewportSize(original);
  await setTheme(page, 'day');
}

/** Script errors, CSP refusals and failed requests, except the refusals the tests cause on purpose. */
function collectProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The limits the API refuses (422) are part of the test.
    if (/alarm-settings$/.test(message.location().url) && message.text().includes('422')) return;
    problems.push(`console: ${message.text()} (${message.location().url})`);
  });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page (evaluated over CDP, so the page's CSP stays in force): no violations at
 * all, header included, at whatever size the page is.
 */
async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations.map(
      (violation) =>
        `${violation.impact}: ${violation.id}: ${violation.help} (${violation.nodes.map((node) => `${node.target.join(' ')} ${JSON.stringify(node.any[0]?.data ?? '')}`).join(', ')})`,
    );
  });
  expect(violations).toEqual([]);
}

/**
 * The header fits the screen: "Sign out" wholly inside the viewport, nothing pushed past the
 * right edge, and every control in it a 44 px touch target (links folded into a menu count too).
 */
async function expectHeaderFits(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('the page has no viewport');
  // Polled: the header settles its layout a frame after a resize or a change of state.
  await expect
    .poll(
      () =>
        page.locator('header.app-header').evaluate((header, { width, height }) => {
          const signOut = [...header.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Sign out')?.getBoundingClientRect();
          return {
            signOutInViewport: signOut !== undefined && signOut.left >= 0 && signOut.top >= 0 && signOut.right <= width && signOut.bottom <= height,
            overflowing: header.scrollWidth > header.clientWidth,
            pastRightEdge: [...header.querySelectorAll('a, button, .connection')].some((child) => child.getBoundingClientRect().right > width),
            smallTargets: [...header.querySelectorAll('a:not(.skip-link), button')]
              .filter((control) => control.getClientRects().length > 0)
              .map((control) => ({ name: control.textContent?.trim() ?? '', box: control.getBoundingClientRect() }))
              .filter(({ box }) => box.width < 44 || box.height < 44)
              .map(({ name, box }) => `${name} ${Math.round(box.width)}×${Math.round(box.height)}`),
          };
        }, viewport),
      { timeout: 10_000, interval: 100 },
    )
    .toEqual({ signOutInViewport: true, overflowing: false, pastRightEdge: false, smallTargets: [] });
  // And as Playwright sees it: the box of the button a finger would press.
  const box = await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).boundingBox();
  expect(box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height).toBe(true);
}
