import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Observation } from '../../shared/schemas/observation.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { type BrowserSuite, artifactsDir, axeViolations, bookSession, startBrowserSuite } from '../support/browserSuite.ts';
import { CHROMIUM_PATH, chromiumAvailable, collectPageProblems, signInThroughForm } from '../support/chromium.ts';
import { bloodPressure, createChair, createPatient, heartRate, readSession, spo2 } from '../support/clinic.ts';
import { describeWhen } from '../support/requirements.ts';

/** The nurse's tablet at the chair. */
const TABLET = { width: 1024, height: 768 } as const;

const secondsAfter =
  (start: string) =>
  (seconds: number): string =>
    new Date(Date.parse(start) + seconds * 1000).toISOString();

/**
 * Records are never deleted: a wrong entry is withdrawn as entered in error (with a reason) or
 * replaced by a correction. A nurse does both from the session page, for observations and for
 * side-effect notes, and the server keeps the original beside its withdrawal or correction.
 */
/**
 * Gives the reason and marks the entry entered in error; then its row says so, with the reason,
 * and offers nothing more to do.
 */
async function withdraw(form: Locator, row: Locator, reason: string): Promise<void> {
  await form.getByLabel('Why is it in error?').fill(reason);
  await form.getByRole('button', { name: 'Mark entered in error' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('entered-in-error');
  await form.waitFor({ state: 'detached' });
  const status = row.locator('.record-status');
  expect(await status.textContent()).toContain('Entered in error');
  expect(await status.textContent()).toContain(reason);
  expect(await row.getByRole('button').count()).toBe(0);
}

describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'corrections and entered in error in Chromium', () => {
  let suite: BrowserSuite;
  let api: ApiClient;
  let session: SessionSummary;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  /** What the nurse recorded, by what the test does with it. */
  const ids = { wrongHeartRate: '', bloodPressure: '', spo2: '', laterHeartRate: '', nausea: '', dizziness: '' };

  beforeAll(async () => {
    suite = await startBrowserSuite();
    const { server } = suite;
    api = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    const chair = await createChair(admin);
    const patient = await createPatient(api, { name: 'Mira Okonkwo', weightKg: 68 });
    session = await bookSession(server, api, patient.id, chair.id);
    const id = session.id;
    // Checked in now, as at the chair; the readings follow it a few seconds apart.
    const checkedIn = expectStatus(await api.post<{ session: SessionSummary }>(`/api/sessions/${id}/phase`, { to: 'baseline' }), 200).session;
    const at = secondsAfter(checkedIn.phaseChangedAt);

    const wrongHeartRate = heartRate(id, 88, at(1));
    const pressure = bloodPressure(id, 150, 95, at(2));
    const saturation = spo2(id, 97, at(3));
    const laterHeartRate = heartRate(id, 74, at(6));
    expectStatus(await api.post('/api/observations', { observations: [wrongHeartRate, pressure, saturation, laterHeartRate] }), 201);
    ids.wrongHeartRate = wrongHeartRate.id;
    ids.bloodPressure = pressure.id;
    ids.spo2 = saturation.id;
    ids.laterHeartRate = laterHeartRate.id;

    // Both carry a scale: its score is one of the values the withdrawal form does not show.
    ids.nausea = randomUUID();
    ids.dizziness = randomUUID();
    expectStatus(
      await api.post('/api/side-effects', {
        sideEffects: [
          { id: ids.nausea, sessionId: id, kind: 'nausea', severity: 'mild', scale: 'nrs', score: 4, note: 'Queasy after the start', observedAt: at(4) },
          { id: ids.dizziness, sessionId: id, kind: 'dizziness', severity: 'mild', scale: 'nrs', score: 3, observedAt: at(5) },
        ],
      }),
      201,
    );

    context = await suite.browser.newContext({ viewport: TABLET, timezoneId: 'UTC', colorScheme: 'light' });
    page = await context.newPage();
    collectPageProblems(page, problems);
    await signInThroughForm(page, server.baseUrl, 'nurse');
    await page.getByLabel('Password').waitFor({ state: 'detached' });
    await page.goto(`${server.baseUrl}/sessions/${id}`);
    await observationRow(ids.wrongHeartRate).waitFor();
    await sideEffectRow(ids.nausea).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  const observationRow = (id: string): Locator => page.locator(`tr[data-observation-id="${id}"]`);
  const sideEffectRow = (id: string): Locator => page.locator(`tr[data-side-effect-id="${id}"]`);
  const observationsPanel = (): Locator => page.getByRole('region', { name: 'Observations', exact: true });
  const sideEffectsPanel = (): Locator => page.getByRole('region', { name: 'Side effects', exact: true });

  async function observationOnServer(id: string): Promise<Observation> {
    const record = await readSession(api, session.id);
    const found = record.observations.find((observation) => observation.id === id);
    if (!found) throw new Error(`observation ${id} is not in the record`);
    return found;
  }

  async function sideEffectsOnServer(): Promise<SideEffectNote[]> {
    return (await readSession(api, session.id)).sideEffects;
  }

  it('marks an observation entered in error with a reason: the row says so, and the server keeps the value with the reason', async () => {
    const row = observationRow(ids.wrongHeartRate);
    expect(await row.getAttribute('data-status')).toBe('final');
    await row.getByRole('button', { name: /^Entered in error/ }).click();

    const form = page.getByRole('form', { name: /^Mark heart rate 88 bpm at .+ as entered in error$/ });
    await form.waitFor();
    // Withdrawing asks only why: the value stays as it was recorded.
    expect(await form.getByLabel('Heart rate').count()).toBe(0);
    const reason = 'Recorded for the wrong patient';
    await withdraw(form, row, reason);
    // Still listed with its value.
    expect(await row.locator('.record-table__value').textContent()).toBe('88');
    await expect.poll(() => observationsPanel().getByRole('status').textContent()).toMatch(/^Marked heart rate 88 bpm at .+ as entered in error\.$/);

    const stored = await observationOnServer(ids.wrongHeartRate);
    expect(stored).toMatchObject({ status: 'entered-in-error', statusReason: reason, value: 88, kind: 'heartRate', supersededById: null });
    expect(problems).toEqual([]);
  });

  it('refuses to withdraw an observation without a reason, saying so beside the reason field', async () => {
    const row = observationRow(ids.spo2);
    await row.getByRole('button', { name: /^Entered in error/ }).click();
    const form = page.getByRole('form', { name: /^Mark oxygen saturation 97 % at .+ as entered in error$/ });
    await form.waitFor();
    const reasonField = form.getByLabel('Why is it in error?');
    await form.getByRole('button', { name: 'Mark entered in error' }).click();

    await expect.poll(() => reasonField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await reasonField.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    const message = page.locator(`[id="${describedBy}"]`);
    expect(await message.textContent()).toBe('give a reason (at least 3 characters)');
    expect(await message.isVisible()).toBe(true);
    // The nurse is taken to what needs fixing.
    expect(await reasonField.evaluate((element) => element === document.activeElement)).toBe(true);

    // Nothing was sent: the reading is still current on the screen and on the server.
    expect(await row.getAttribute('data-status')).toBe('final');
    expect((await observationOnServer(ids.spo2)).status).toBe('final');

    // Too short is refused the same way; a real reason then goes through.
    await reasonField.fill('no');
    await form.getByRole('button', { name: 'Mark entered in error' }).click();
    expect(await message.textContent()).toBe('give a reason (at least 3 characters)');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await row.getAttribute('data-status')).toBe('final');
    expect(problems).toEqual([]);
  });

  it('corrects a blood pressure: the amended value shows beside the superseded one, and the server links them', async () => {
    const original = observationRow(ids.bloodPressure);
    await original.getByRole('button', { name: /^Correct/ }).click();
    const form = page.getByRole('form', { name: /^Correct blood pressure 150\/95 mmHg at / });
    await form.waitFor();
    const systolic = form.getByLabel('Systolic');
    const diastolic = form.getByLabel('Diastolic');
    expect(await systolic.inputValue()).toBe('150');
    expect(await diastolic.inputValue()).toBe('95');

    // Correcting still checks the values: unchanged, then not a number, are refused beside the field.
    await form.getByLabel('Reason for the correction').fill('Cuff was the wrong size; re-measured');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(() => systolic.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('enter the corrected value');
    await diastolic.fill('abc');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(() => diastolic.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('must be a number');
    expect(await original.getAttribute('data-status')).toBe('final');

    await systolic.fill('138');
    await diastolic.fill('86');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });

    await expect.poll(() => original.getAttribute('data-status')).toBe('superseded');
    expect(await original.locator('.record-status').textContent()).toContain('Superseded');
    const amended = observationsPanel().locator('tr[data-status="amended"]', { hasText: '138/86' });
    await amended.waitFor();
    expect(await amended.locator('.record-table__value').textContent()).toBe('138/86');
    expect(await amended.locator('.record-status').textContent()).toMatch(/Amended[\s\S]*was 150\/95 mmHg/);
    // The correction is the current version: it is the one offered for further changes.
    expect(await amended.getByRole('button', { name: /^Correct/ }).count()).toBe(1);
    expect(await original.getByRole('button').count()).toBe(0);

    const record = await readSession(api, session.id);
    const before = record.observations.find((observation) => observation.id === ids.bloodPressure);
    const after = record.observations.find((observation) => observation.amendsId === ids.bloodPressure);
    expect(after).toMatchObject({ status: 'amended', value: 138, value2: 86, kind: 'bloodPressure', supersededById: null });
    expect(before).toMatchObject({ status: 'final', value: 150, value2: 95, supersededById: after?.id });
    expect(await amended.getAttribute('data-observation-id')).toBe(after?.id);
    expect(problems).toEqual([]);
  });

  it('marks a side-effect note entered in error with a reason, keeping it on the screen and on the server', async () => {
    const row = sideEffectRow(ids.nausea);
    await row.getByRole('button', { name: /^Entered in error/ }).click();
    const form = page.getByRole('form', { name: /^Mark nausea at .+ as entered in error$/ });
    await form.waitFor();
    expect(await form.getByLabel('Severity').count()).toBe(0);

    // Empty first: refused beside the reason, nothing sent.
    await form.getByRole('button', { name: 'Mark entered in error' }).click();
    const reasonField = form.getByLabel('Why is it in error?');
    await expect.poll(() => reasonField.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('give a reason (at least 3 characters)');
    expect(await row.getAttribute('data-status')).toBe('final');

    const reason = 'Charted in the wrong chair';
    await withdraw(form, row, reason);
    expect(await row.textContent()).toContain('Queasy after the start');
    await expect.poll(() => sideEffectsPanel().getByRole('status').textContent()).toMatch(/^Marked nausea at .+ as entered in error\.$/);

    const stored = (await sideEffectsOnServer()).find((note) => note.id === ids.nausea);
    expect(stored).toMatchObject({ status: 'entered-in-error', statusReason: reason, severity: 'mild', scale: 'nrs', score: 4, note: 'Queasy after the start' });
    expect(problems).toEqual([]);
  });

  it('corrects a side-effect note, the score still checked against its scale', async () => {
    const row = sideEffectRow(ids.dizziness);
    await row.getByRole('button', { name: /^Correct/ }).click();
    const form = page.getByRole('form', { name: /^Correct dizziness at / });
    await form.waitFor();
    const score = form.getByLabel('Numeric rating 0–10');
    await form.getByLabel('Severity').selectOption({ label: 'Moderate' });
    await score.fill('12');
    await form.getByLabel('Reason for the correction').fill('Patient re-scored it after sitting up');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(() => score.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('Numeric rating 0–10 is a whole number from 0 to 10');

    await score.fill('6');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('superseded');
    const amended = sideEffectsPanel().locator('tr[data-status="amended"]', { hasText: 'Dizziness' });
    await amended.waitFor();
    expect(await amended.textContent()).toMatch(/Moderate[\s\S]*6/);

    const notes = await sideEffectsOnServer();
    const after = notes.find((note) => note.amendsId === ids.dizziness);
    expect(after).toMatchObject({ status: 'amended', severity: 'moderate', score: 6, supersededById: null });
    expect(notes.find((note) => note.id === ids.dizziness)).toMatchObject({ status: 'final', severity: 'mild', score: 3, supersededById: after?.id });
    expect(problems).toEqual([]);
  });

  it('shows withdrawn and corrected rows clearly on the tablet', async () => {
    await page.evaluate(() => {
      document.getElementById('observations-title')?.scrollIntoView({ block: 'start' });
      // Clear of the sticky header.
      window.scrollBy(0, -72);
    });
    expect(await observationRow(ids.wrongHeartRate).isVisible()).toBe(true);
    expect(await observationsPanel().locator('tr[data-status="amended"]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'corrections.png') });
    await sideEffectsPanel().screenshot({ path: path.join(artifactsDir, 'corrections-side-effects.png') });
    // Quieted flags, struck text and the reason still meet contrast, in the day and the night theme.
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'night'));
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
