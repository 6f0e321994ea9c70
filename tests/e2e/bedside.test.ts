import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Observation } from '../../shared/schemas/observation.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { ObservationPage, SessionRecord, SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');

const TABLET = { width: 1024, height: 768 } as const;
const WALL = { width: 1920, height: 1080 } as const;
/** The nurse's tablet is in another time zone than the server: entries must carry their offset. */
const NURSE_TIME_ZONE = 'Europe/Berlin';
/** What "live" means for the physician watching the ward. */
const VISIBLE_WITHIN_MS = 1_000;

/**
 * The nurse's side of the product, end to end in Chromium: schedule and start a session, record
 * vitals by keyboard and a side effect with a scale while a physician watches in another browser,
 * confirm out-of-normal values, see impossible ones refused, and keep working through a lost
 * connection and a reload without an entry being lost or stored twice.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'bedside entry in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let servedDir = '';
  let api: ApiClient;
  let nurseContext: BrowserContext;
  let physicianContext: BrowserContext;
  let nurse: Page;
  let sessionId = '';
  const problems: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    // Serve a copy: a rebuild running meanwhile (it empties dist/) cannot pull the page from under the test.
    servedDir = snapshotOfBuild(clientDir);
    server = await startTestServer(tempSqlite(), { clientDir: servedDir });
    api = new ApiClient(server.baseUrl, await server.signIn('physician'));
    browser = await launchChromium();
    nurseContext = await browser.newContext({ viewport: TABLET, timezoneId: NURSE_TIME_ZONE, colorScheme: 'dark' });
    physicianContext = await browser.newContext({ viewport: WALL, colorScheme: 'light' });
    nurse = await nurseContext.newPage();
    collectProblems(nurse, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (servedDir) fs.rmSync(servedDir, { recursive: true, force: true });
  });

  it('a nurse schedules and starts a session, records vitals by keyboard and a scored side effect; the physician sees both within a second', async () => {
    await signIn(nurse, server.baseUrl, 'nurse');

    // Schedule: a new patient, a free chair, the protocol with its dose worked out live.
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
    await nurse.getByRole('heading', { name: 'Schedule a session' }).waitFor();
    // The tab says where the nurse is.
    await expect.poll(() => nurse.title()).toBe('Schedule · Chairside');
    await nurse.getByRole('button', { name: 'New patient' }).click();
    await nurse.getByLabel('Full name').fill('Ada Quinn');
    await nurse.getByLabel('MRN').fill('MRN-4711');
    await nurse.getByLabel('Date of birth').fill('1979-05-14');
    await nurse.getByLabel('Weight (kg)').fill('72');
    await nurse.getByRole('button', { name: 'Add patient' }).click();
    await nurse.locator('.picked-patient', { hasText: 'Ada Quinn' }).waitFor();
    await nurse.getByRole('radio', { name: /^Chair 2\b/ }).check();
    await nurse.getByRole('radio', { name: 'Treatment-resistant depression' }).check();
    await nurse.getByLabel('Dose (mg/kg)').fill('0.5');
    expect(await textOf(nurse.locator('[data-dose-preview]'))).toContain('36 mg');
    await nurse.getByLabel('Physician').selectOption({ label: 'Dr. Paul Physician' });
    await nurse.getByRole('button', { name: 'Schedule session' }).click();
    const created = nurse.locator('[data-created-session]');
    await created.waitFor();
    sessionId = (await created.getAttribute('data-created-session')) ?? '';
    expect(await textOf(created)).toContain('Ada Quinn in Chair 2');

    // The physician watches the ward and the session's charts in a second browser.
    const ward = await physicianContext.newPage();
    collectProblems(ward, problems);
    await signIn(ward, server.baseUrl, 'physician');
    await ward.locator('[data-connection="live"]').waitFor();

    // Check in, then start the infusion from the bedside screen.
    await nurse.getByRole('button', { name: 'Check in now' }).click();
    await nurse.waitForURL(`**/sessions/${sessionId}/record`);
    await nurse.locator('.entry-screen[data-phase="baseline"]').waitFor();
    await expect.poll(() => nurse.title()).toMatch(/^Record · .+ · Chairside$/);
    const card = ward.locator(`article[data-session-id="${sessionId}"]`);
    await card.waitFor();
    await nurse.getByRole('button', { name: /Start infusion/ }).click();
    await nurse.locator('.entry-screen[data-phase="infusing"]').waitFor();

    const chart = await physicianContext.newPage();
    collectProblems(chart, problems);
    await chart.goto(`${server.baseUrl}/sessions/${sessionId}`);
    const bpChart = chart.locator('[data-chart="blood-pressure"]');
    await bpChart.waitFor();
    await chart.locator('[data-connection="live"]').waitFor();

    // A full set by keyboard: "/" jumps to the diastolic, Tab to the next field, Enter saves.
    const systolic = nurse.getByLabel('Systolic BP');
    await systolic.focus();
    const typingStarted = Date.now();
    await nurse.keyboard.type('128/82');
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.type('76');
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.type('98');
    await nurse.keyboard.press('Tab'); // On oxygen: stays unticked
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.type('16');
    await nurse.keyboard.press('Enter');
    const saved = Date.now();
    // Watch the physician's two screens from the moment Enter is pressed.
    const onCard = card
      .locator('[data-kind="bloodPressure"]', { hasText: '128/82' })
      .waitFor({ timeout: VISIBLE_WITHIN_MS * 3 })
      .then(() => Date.now() - saved);
    const onChart = expect
      .poll(() => pointCount(bpChart), { timeout: VISIBLE_WITHIN_MS * 3, interval: 20 })
      .toBe(1)
      .then(() => Date.now() - saved);
    await nurse.locator('.entry-vitals .entry-status-line[data-entry-stage="sent"]').waitFor();
    expect(saved - typingStarted).toBeLessThan(10_000);
    // The form is empty again and ready for the next set.
    expect(await systolic.inputValue()).toBe('');
    expect(await nurse.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('systolic');

    const [onCardAfter, onChartAfter] = await Promise.all([onCard, onChart]);
    expect(onCardAfter).toBeLessThan(VISIBLE_WITHIN_MS);
    expect(onChartAfter).toBeLessThan(VISIBLE_WITHIN_MS);

    // Stored as typed, with the tablet's offset, once.
    const stored = await observations(api, sessionId);
    expect(stored.map((o) => o.kind).sort()).toEqual(['bloodPressure', 'heartRate', 'respiratoryRate', 'spo2']);
    const bp = stored.find((o) => o.kind === 'bloodPressure');
    expect(bp).toMatchObject({ value: 128, value2: 82, source: 'manual', recordedByName: 'Nora Nurse, RN' });
    expect(bp?.observedOffsetMinutes).toBe(offsetMinutes(NURSE_TIME_ZONE, new Date()));
    expect(stored.find((o) => o.kind === 'spo2')?.onOxygen).toBe(false);

    // The last value now shows beside its field.
    await nurse.locator('[data-field="bloodPressure"] .last-reading', { hasText: '128/82' }).waitFor();

    // A side effect in a few taps, the scale's anchors beside the score.
    await nurse.getByRole('radio', { name: 'Dissociation' }).check();
    await nurse.getByRole('radio', { name: 'Moderate', exact: true }).check();
    const anchors = nurse.getByRole('list', { name: /CADSS-6 .* anchors/ });
    expect(await textOf(anchors)).toContain('No dissociation');
    await nurse.getByLabel(/CADSS-6 total/).fill('8');
    await nurse.getByRole('button', { name: 'Save side effect' }).click();
    const sideSaved = Date.now();
    const sideOnCard = card
      .locator('.side-effect-line', { hasText: 'Dissociation' })
      .waitFor({ timeout: VISIBLE_WITHIN_MS * 3 })
      .then(() => Date.now() - sideSaved);
    const sideOnSessionPage = chart
      .getByText('Dissociation')
      .first()
      .waitFor({ timeout: VISIBLE_WITHIN_MS * 3 })
      .then(() => Date.now() - sideSaved);
    const [sideCardAfter, sidePageAfter] = await Promise.all([sideOnCard, sideOnSessionPage]);
    expect(sideCardAfter).toBeLessThan(VISIBLE_WITHIN_MS);
    expect(sidePageAfter).toBeLessThan(VISIBLE_WITHIN_MS);
    // The score with its scale, compact enough that a card never cuts it off.
    expect(await textOf(card.locator('.side-effect-line'))).toContain('CADSS-6 8/24');
    await nurse.locator('.entry-side-effects .entry-status-line[data-entry-stage="sent"]').waitFor();

    await chart.close();
    await ward.close();
  }, 45_000);

  it('asks before recording values outside the normal range, and refuses impossible ones next to the field', async () => {
    const before = (await observations(api, sessionId)).length;

    // Outside the normal range: a confirm step listing which, Enter records them anyway.
    await nurse.getByLabel('Systolic BP').fill('168');
    await nurse.getByLabel('Diastolic BP').fill('95');
    await nurse.getByLabel('Heart rate').fill('72');
    await nurse.getByLabel('Heart rate').press('Enter');
    const dialog = nurse.getByRole('dialog', { name: 'Record readings outside the normal range?' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-out-of-range]').evaluateAll((items) => items.map((item) => item.getAttribute('data-out-of-range')))).toEqual([
      'systolic',
      'diastolic',
    ]);
    expect(await textOf(dialog)).toContain('normal 91–140 mmHg');
    await nurse.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await nurse.locator('.entry-vitals .entry-status-line[data-entry-stage="sent"]', { hasText: 'BP 168/95' }).waitFor();
    expect((await observations(api, sessionId)).length).toBe(before + 2);

    // Going back instead records nothing and returns to the value in question.
    await nurse.getByLabel('Heart rate').fill('134');
    await nurse.getByLabel('Heart rate').press('Enter');
    await dialog.waitFor();
    await nurse.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('heartRate');

    // Outside the physiological range: refused with the schema's reason, beside the field.
    await nurse.getByLabel('Heart rate').fill('400');
    await nurse.getByLabel('Heart rate').press('Enter');
    const heartRate = nurse.getByLabel('Heart rate');
    await expect.poll(() => heartRate.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await heartRate.getAttribute('aria-describedby'))?.split(' ')[0] ?? '';
    expect(await textOf(nurse.locator(`[id="${errorId}"]`))).toContain('Heart rate 400 bpm is outside the physiological range 20–300 bpm');
    expect(await nurse.getByRole('dialog').count()).toBe(0);
    expect((await observations(api, sessionId)).length).toBe(before + 2);
    await heartRate.fill('');
  }, 20_000);

  it('offers only the infusion steps the phase allows, and asks before the ones that cannot be undone', async () => {
    const actions = () => nurse.locator('.session-controls [data-action]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
    expect(await actions()).toEqual(['paused', 'stopped', 'rateChanged', 'medicationGiven', 'abort']);

    // Stopping moves the session to recovery for good: it is confirmed first, and "Keep going" keeps it running.
    await nurse.getByRole('button', { name: 'Stop infusion' }).click();
    const stop = nurse.getByRole('dialog', { name: 'Stop the infusion?' });
    expect(await textOf(stop)).toContain('cannot be restarted');
    await stop.getByRole('button', { name: 'Keep going' }).click();
    await stop.waitFor({ state: 'detached' });
    expect(await nurse.locator('.entry-screen').getAttribute('data-phase')).toBe('infusing');

    // Pause and resume are one tap each; the offered steps follow the phase.
    await nurse.getByRole('button', { name: 'Pause' }).click();
    await nurse.locator('.entry-screen[data-phase="paused"]').waitFor();
    expect(await actions()).toEqual(['resumed', 'stopped', 'rateChanged', 'medicationGiven', 'abort']);
    await nurse.getByRole('button', { name: 'Resume' }).click();
    await nurse.locator('.entry-screen[data-phase="infusing"]').waitFor();

    // A medication with drug, dose, unit and route.
    await nurse.getByRole('button', { name: 'Medication given' }).click();
    await nurse.getByLabel('Drug').fill('Ondansetron');
    await nurse.getByLabel('Dose', { exact: true }).fill('4');
    await nurse.getByLabel('Route').selectOption('IV');
    await nurse.getByRole('button', { name: 'Record medication' }).click();
    await nurse.getByRole('form', { name: 'Medication given' }).waitFor({ state: 'detached' });
    const record = expectStatus(await api.get<{ session: SessionRecord }>(`/api/sessions/${sessionId}`), 200).session;
    expect(record.infusionEvents.map((event) => event.kind)).toEqual(['started', 'paused', 'resumed', 'medicationGiven']);
    expect(record.infusionEvents.at(-1)).toMatchObject({ drug: 'Ondansetron', dose: 4, doseUnit: 'mg', route: 'IV' });
  }, 20_000);

  it('keeps a half-typed set as a draft when the nurse is called away, across a reload', async () => {
    await nurse.getByLabel('Systolic BP').fill('131');
    await nurse.getByLabel('Diastolic BP').fill('79');
    await nurse.reload();
    await nurse.locator('[data-draft-restored]').waitFor();
    expect(await nurse.getByLabel('Systolic BP').inputValue()).toBe('131');
    expect(await nurse.getByLabel('Diastolic BP').inputValue()).toBe('79');
    await nurse.getByRole('button', { name: 'Discard draft' }).click();
    expect(await nurse.getByLabel('Systolic BP').inputValue()).toBe('');
    await nurse.reload();
    await nurse.getByLabel('Systolic BP').waitFor();
    expect(await nurse.locator('[data-draft-restored]').count()).toBe(0);
  }, 15_000);

  it('keeps entries made offline on the tablet and delivers each exactly once, after reconnecting and after a reload', async () => {
    // The connection drops: the network goes and the server drops the socket.
    server.server.io.disconnectSockets(true);
    await nurse.locator('[data-connection="offline"], [data-connection="reconnecting"]').waitFor();
    await nurseContext.setOffline(true);

    await nurse.getByLabel('Respiratory rate').fill('18');
    await nurse.getByLabel('Respiratory rate').press('Enter');
    const offlineEntry = nurse.locator('.entry-log__item[data-entry-stage="waiting"]', { hasText: 'RR 18' });
    await offlineEntry.waitFor();
    expect(await textOf(nurse.locator('.entry-vitals .entry-status-line'))).toContain('Kept on this device');
    // The badge on the header's Bedside link, on every page.
    const badge = nurse.locator('[data-outbox-pending="1"]');
    await badge.waitFor({ state: 'attached' });
    expect(await badge.textContent()).toContain('1 entry not sent yet');
    const offlineIds = ((await offlineEntry.getAttribute('data-record-ids')) ?? '').split(' ');
    expect(offlineIds).toHaveLength(1);
    expect(await countById(api, sessionId, offlineIds[0] ?? '')).toBe(0);

    // Back online: sent on reconnect, stored once.
    await nurseContext.setOffline(false);
    await nurse.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    await nurse.locator(`.entry-log__item[data-entry-id="${offlineIds[0]}"][data-entry-stage="sent"]`).waitFor({ timeout: 15_000 });
    expect(await countById(api, sessionId, offlineIds[0] ?? '')).toBe(1);
    expect(await nurse.locator('[data-outbox-pending]').count()).toBe(0);

    // Requests fail while the page still loads (a flaky Wi-Fi): the entry waits, survives a reload…
    await nurse.route('**/api/observations', (route) => route.abort('internetdisconnected'));
    await nurse.getByLabel('Temperature').fill('37,2');
    await nurse.getByLabel('Temperature').press('Enter');
    const waiting = nurse.locator('.entry-log__item[data-entry-stage="waiting"]', { hasText: 'Temp 37.2' });
    await waiting.waitFor();
    const reloadIds = ((await waiting.getAttribute('data-record-ids')) ?? '').split(' ');
    await nurse.reload();
    await nurse.locator(`.entry-log__item[data-entry-id="${reloadIds[0]}"][data-entry-stage="waiting"]`).waitFor();
    expect(await countById(api, sessionId, reloadIds[0] ?? '')).toBe(0);

    // …then the server stores it but the answer is lost; the retry is recognised, not stored again.
    await nurse.unroute('**/api/observations');
    let lostAnswers = 0;
    await nurse.route('**/api/observations', async (route) => {
      if (lostAnswers > 0) return route.continue();
      lostAnswers++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    // The browser says it is back online (the back-off may already have tried by itself).
    await nurse.evaluate(() => window.dispatchEvent(new Event('online')));
    const delivered = nurse.locator(`.entry-log__item[data-entry-id="${reloadIds[0]}"][data-entry-stage="sent"]`);
    await delivered.waitFor({ timeout: 15_000 });
    expect(lostAnswers).toBe(1);
    expect(await textOf(delivered)).toContain('already had it');
    expect(await countById(api, sessionId, reloadIds[0] ?? '')).toBe(1);
    const temperatures = (await observations(api, sessionId)).filter((o) => o.kind === 'temperature');
    expect(temperatures.map((o) => o.value)).toEqual([37.2]);

    await nurse.unroute('**/api/observations');

    // A refusal (here: the tablet's clock ran ahead of the server's) stays listed with the reason,
    // and the readings come back into the form with the server's message on the field it names.
    await nurse.route('**/api/observations', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          error: 'observed_in_future',
          message: 'observedAt is in the future',
          issues: [{ path: 'observations.0.observedAt', code: 'observed_in_future', message: 'observedAt is in the future' }],
        }),
      }),
    );
    await nurse.getByLabel('Heart rate').fill('81');
    await nurse.getByLabel('Heart rate').press('Enter');
    const refused = nurse.locator('.entry-log__item[data-entry-stage="refused"]', { hasText: 'HR 81' });
    expect(await textOf(refused)).toContain('ahead of the server’s clock');
    expect(await nurse.getByLabel('Heart rate').inputValue()).toBe('81');
    expect(await textOf(nurse.locator('.taken-at__error'))).toContain('check the tablet’s clock');
    await nurse.unroute('**/api/observations');
    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await refused.waitFor({ state: 'detached' });
    await nurse.getByLabel('Heart rate').fill('');
    await nurse.getByRole('button', { name: 'Use current time' }).click();

    // Aborted requests are the point of this test; anything else would be a problem.
    expect(problems.filter((problem) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|Failed to load resource|socket\.io|422/.test(problem))).toEqual([]);
  }, 40_000);

  it('says next to the waiting patient why a check-in was refused when the chair was taken meanwhile', async () => {
    // Two bookings for one chair; the ward this page loaded still shows the chair free, because
    // its live updates are held back, as on a flaky connection.
    const chair = server.cast.chairs[4];
    if (!chair) throw new Error('demo chairs missing');
    const book = async (name: string, mrn: string) => {
      const patient = expectStatus(await api.post<{ patient: Patient }>('/api/patients', { id: randomUUID(), mrn, name, dateOfBirth: '1968-02-01', weightKg: 70, allergies: [] }), 201).patient;
      const body = { id: randomUUID(), patientId: patient.id, chairId: chair.id, indication: 'chronicPain', doseMgPerKg: 0.5, plannedInfusionMinutes: 40, nurseId: server.cast.nurse.userId, physicianId: server.cast.physicianId };
      return expectStatus(await api.post<{ session: SessionSummary }>('/api/sessions', body), 201).session;
    };
    const first = await book('Noel Park', 'MRN-5101');
    const second = await book('Iris Vance', 'MRN-5102');
    const page = await nurseContext.newPage();
    await page.route('**/socket.io/**', (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.baseUrl}/schedule`);
    const waiting = page.locator(`.waiting-item[data-session-id="${second.id}"]`);
    await waiting.waitFor();
    const checkIn = waiting.getByRole('button', { name: 'Check in Iris Vance' });
    expect(await checkIn.isEnabled()).toBe(true);

    expectStatus(await api.post(`/api/sessions/${first.id}/phase`, { to: 'baseline' }), 200);
    await checkIn.click();
    const refusal = waiting.locator(`[data-check-in-error="${second.id}"]`);
    expect(await textOf(refusal)).toContain(`${chair.label} is in use`);
    expect(await refusal.getAttribute('role')).toBe('alert');
    // Told where it happened, and the chair now shows taken: the button is off and points to why.
    await expect.poll(() => checkIn.isDisabled(), { timeout: 15_000, interval: 100 }).toBe(true);
    expect(await checkIn.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    const stored = expectStatus(await api.get<{ session: SessionRecord }>(`/api/sessions/${second.id}`), 200).session;
    expect(stored.phase).toBe('scheduled');
    await page.close();
    expectStatus(await api.post(`/api/sessions/${first.id}/phase`, { to: 'aborted', reason: 'Test booking' }), 200);
  }, 30_000);

  it('asks before signing out while entries wait on the tablet: staying is the default, and signing out anyway loses none', async () => {
    await nurse.goto(`${server.baseUrl}/sessions/${sessionId}/record`);
    await nurse.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    // The chair's screen loaded before the network goes: the entries are what is offline here.
    await nurse.locator('.entry-screen[data-phase]').waitFor();
    await nurse.getByLabel('Respiratory rate').waitFor();
    await nurseContext.setOffline(true);
    const kept: string[] = [];
    for (const [label, value, shown] of [
      ['Respiratory rate', '17', 'RR 17'],
      ['Temperature', '36.9', 'Temp 36.9'],
    ] as const) {
      await nurse.getByLabel(label).fill(value);
      await nurse.getByLabel(label).press('Enter');
      const waiting = nurse.locator('.entry-log__item[data-entry-stage="waiting"]', { hasText: shown });
      await waiting.waitFor();
      kept.push(...((await waiting.getAttribute('data-record-ids')) ?? '').split(' '));
    }
    expect(kept).toHaveLength(2);
    await nurse.locator('[data-outbox-pending="2"]').first().waitFor({ state: 'attached' });

    const signOut = nurse.getByRole('banner').getByRole('button', { name: 'Sign out' });
    const warning = nurse.getByRole('alertdialog', { name: '2 entries not sent yet' });
    await signOut.click();
    await warning.waitFor();
    expect(await textOf(warning)).toContain('2 entries recorded on this device have not reached the server yet');
    expect(await textOf(warning)).toContain('only when you sign in here again');
    // "Stay signed in" has the focus: Enter keeps the sign-in and the entries.
    expect(await nurse.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Stay signed in');
    await nurse.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    expect(await nurse.locator('.entry-log__item[data-entry-stage="waiting"]').count()).toBe(2);
    // Escape means stay too.
    await signOut.click();
    await warning.waitFor();
    await nurse.keyboard.press('Escape');
    await warning.waitFor({ state: 'detached' });
    await signOut.waitFor();

    // Signing out anyway: the sign-in page, the entries still on the tablet, not on the server.
    await signOut.click();
    await warning.getByRole('button', { name: 'Sign out anyway' }).click();
    await nurse.getByLabel('User name').waitFor();
    for (const id of kept) expect(await countById(api, sessionId, id)).toBe(0);

    // Back online, the page asks for a sign-in (the server is told of the sign-out first, so the
    // tablet does not come back signed in as her); signed in again, both are delivered, once each.
    await nurseContext.setOffline(false);
    await signIn(nurse, server.baseUrl, 'nurse');
    for (const id of kept) await expect.poll(() => countById(api, sessionId, id), { timeout: 15_000, interval: 250 }).toBe(1);
    await expect.poll(() => nurse.locator('[data-outbox-pending]').count(), { timeout: 15_000 }).toBe(0);

    // Nothing waiting: Sign out asks nothing (checked on a second tablet, so this one stays signed in).
    const spare = await browser.newContext({ viewport: TABLET });
    const other = await spare.newPage();
    await signIn(other, server.baseUrl, 'physician');
    await other.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await other.getByLabel('User name').waitFor();
    await spare.close();

    expect(problems.filter((problem) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|socket\.io/.test(problem))).toEqual([]);
  }, 60_000);

  it('folds the header’s links into a menu on a tablet in portrait, keeping every control on screen', async () => {
    await nurse.setViewportSize({ width: 768, height: 1024 });
    try {
      const banner = nurse.getByRole('banner');
      const menu = banner.getByRole('button', { name: /^Menu/ });
      await menu.waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      const signOut = await banner.getByRole('button', { name: 'Sign out' }).boundingBox();
      if (!signOut) throw new Error('Sign out has no box');
      expect({ left: signOut.x >= 0, right: signOut.x + signOut.width <= 768, target: signOut.height >= 44 }).toEqual({ left: true, right: true, target: true });
      expect(await nurse.locator('header.app-header').evaluate((header) => header.scrollWidth - header.clientWidth)).toBeLessThanOrEqual(0);

      // Open, choose: the page changes and the menu closes.
      await menu.click();
      const nav = nurse.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Bedside', 'Schedule', 'History', 'Devices']);
      for (const box of await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.height).toBeGreaterThanOrEqual(44);
        expect(box.x + box.width).toBeLessThanOrEqual(768);
      }
      await nav.getByRole('link', { name: 'Schedule' }).click();
      await nurse.getByRole('heading', { name: 'Schedule a session' }).waitFor();
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await menu.textContent()).toContain('Schedule');

      // Escape closes it and gives the focus back to the button.
      await menu.click();
      await nav.waitFor();
      await nurse.keyboard.press('Escape');
      await nav.waitFor({ state: 'hidden' });
      expect(await nurse.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    } finally {
      await nurse.setViewportSize(TABLET);
    }
    // Wide enough again: the links are back on the header's line.
    await nurse.getByRole('banner').getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).waitFor();
  }, 30_000);
});

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('chairside-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function observations(api: ApiClient, sessionId: string): Promise<Observation[]> {
  const page = expectStatus(await api.get<ObservationPage>(`/api/sessions/${sessionId}/observations?limit=500`), 200);
  return page.observations;
}

async function countById(api: ApiClient, sessionId: string, id: string): Promise<number> {
  return (await observations(api, sessionId)).filter((o) => o.id === id).length;
}

async function pointCount(chart: Locator): Promise<number> {
  return Number((await chart.getAttribute('data-points')) ?? 'NaN');
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** The zone's UTC offset in minutes at that moment (DST included). */
function offsetMinutes(timeZone: string, at: Date): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}

function collectProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
}

/** A private copy of the client build for this suite. */
function snapshotOfBuild(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-client-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}
