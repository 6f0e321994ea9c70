import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryView } from '../../shared/schemas/auth.ts';
import type { Chair } from '../../shared/schemas/chair.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { SessionRecord, SessionSummary, WardSnapshot } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { type BrowserSuite, bookSession, startBrowserSuite } from '../support/browserSuite.ts';
import { CHROMIUM_PATH, chromiumAvailable } from '../support/chromium.ts';
import { createChair, createPatient } from '../support/clinic.ts';
import { describeWhen } from '../support/requirements.ts';

/**
 * Bedside and desk flows no other browser suite walks through: changing the infusion rate and a
 * refused medication, side effects scored on each pick-list scale, stopping the infusion for good,
 * checking in and aborting from the chair's screen, the booking form's refusals, and the
 * reviewer's history filters and CSV export. Each step is checked on the screen and on the server.
 */
/** How long one step may take on a loaded machine. */
const STEP_MS = 8_000;

describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'flows without other browser coverage in Chromium', () => {
  let suite: BrowserSuite;
  let api: ApiClient;
  /** Infusing from the start: its rate is changed, side effects are scored, then it is stopped. */
  let infusing: SessionSummary;
  let infusingChair: Chair;
  /** Booked only: checked in and then aborted from the chair's screen. */
  let waiting: SessionSummary;
  let waitingChair: Chair;
  /** Found by search in the booking form. */
  let returning: Patient;
  let bookingChair: Chair;
  let nurseContext: BrowserContext;
  let nurse: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    suite = await startBrowserSuite();
    const { server } = suite;
    api = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    [infusingChair, waitingChair, bookingChair] = await Promise.all([createChair(admin), createChair(admin), createChair(admin)]);
    const [first, second] = await Promise.all([
      createPatient(api, { name: 'Tomas Berg', weightKg: 80 }),
      createPatient(api, { name: 'Lena Ruiz', weightKg: 64 }),
    ]);
    returning = await createPatient(api, { name: 'Greta Holm', mrn: 'UF-2001', weightKg: 80 });

    // Booked, checked in and started now (at the planned rate, as the Start button sends it): the
    // server refuses steps earlier than the one before.
    infusing = await bookSession(server, api, first.id, infusingChair.id);
    expectStatus(await api.post(`/api/sessions/${infusing.id}/phase`, { to: 'baseline' }), 200);
    expectStatus(await api.post(`/api/sessions/${infusing.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: new Date().toISOString(), rateMgPerHour: 60 }), 201);
    waiting = await bookSession(server, api, second.id, waitingChair.id);

    ({ context: nurseContext, page: nurse } = await suite.openPage({ as: 'nurse', link: 'Bedside', heading: 'Which chair are you at?', problems }));
    // A step that never comes fails at its own line, well inside the test's time.
    nurseContext.setDefaultTimeout(STEP_MS);
  });

  afterAll(async () => {
    await nurseContext?.close();
    await suite?.close();
  });

  const record = async (id: string): Promise<SessionRecord> => expectStatus(await api.get<{ session: SessionRecord }>(`/api/sessions/${id}`), 200).session;
  const controls = (): Locator => nurse.getByRole('region', { name: 'Infusion' });

  it('changes the infusion rate at the bedside: a rate that is no number or zero is refused beside the field; the new rate shows and is stored', async () => {
    await nurse.getByRole('list', { name: 'Chairs in use' }).getByRole('link', { name: new RegExp(`^${infusingChair.label}`) }).click();
    await nurse.locator('.entry-screen[data-phase="infusing"]').waitFor();
    // 0.5 mg/kg × 80 kg over 40 minutes.
    expect(await controls().getByText('60 mg/h', { exact: true }).count()).toBe(1);

    await controls().getByRole('button', { name: 'Change rate' }).click();
    const form = controls().getByRole('form', { name: 'Change the infusion rate' });
    const rate = form.getByLabel('New rate (mg/h)');
    expect(await rate.inputValue()).toBe('60');

    await rate.fill('fast');
    await form.getByRole('button', { name: 'Save rate' }).click();
    await expect.poll(() => rate.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, rate)).toBe('Must be a number');

    await rate.fill('0');
    await form.getByRole('button', { name: 'Save rate' }).click();
    await expect.poll(() => describedText(nurse, rate)).toBe('Must be more than 0 mg/h');
    expect((await record(infusing.id)).infusionEvents.map((event) => event.kind)).toEqual(['started']);

    // A comma decimal as a tablet's keypad types it.
    await rate.fill('45,5');
    await form.getByLabel('Reason (optional)').fill('BP up 30 % over baseline');
    await form.getByRole('button', { name: 'Save rate' }).click();
    await form.waitFor({ state: 'detached' });
    await controls().getByText('45.5 mg/h', { exact: true }).waitFor();

    const stored = await record(infusing.id);
    expect(stored.rateMgPerHour).toBe(45.5);
    expect(stored.infusionEvents.at(-1)).toMatchObject({ kind: 'rateChanged', rateMgPerHour: 45.5, reason: 'BP up 30 % over baseline', recordedByName: 'Nora Nurse, RN' });
    expect(stored.phase).toBe('infusing');

    // A medication with no drug and a dose that is no number is refused beside both fields.
    await controls().getByRole('button', { name: 'Medication given' }).click();
    const medication = controls().getByRole('form', { name: 'Medication given' });
    await medication.getByLabel('Dose', { exact: true }).fill('two');
    await medication.getByRole('button', { name: 'Record medication' }).click();
    const drug = medication.getByLabel('Drug');
    await expect.poll(() => drug.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, drug)).toBe('Required');
    expect(await describedText(nurse, medication.getByLabel('Dose', { exact: true }))).toBe('Must be a number');
    await medication.getByLabel('Dose', { exact: true }).fill('-1');
    await drug.fill('Midazolam');
    await medication.getByRole('button', { name: 'Record medication' }).click();
    await expect.poll(() => describedText(nurse, medication.getByLabel('Dose', { exact: true }))).toBe('Must be more than 0');
    expect((await record(infusing.id)).infusionEvents).toHaveLength(2);

    await medication.getByLabel('Dose', { exact: true }).fill('0,5');
    await medication.getByLabel('Unit').selectOption('mg');
    await medication.getByLabel('Route').selectOption('IV');
    await medication.getByRole('button', { name: 'Record medication' }).click();
    await medication.waitFor({ state: 'detached' });
    expect((await record(infusing.id)).infusionEvents.at(-1)).toMatchObject({ kind: 'medicationGiven', drug: 'Midazolam', dose: 0.5, doseUnit: 'mg', route: 'IV' });
    expect(problems).toEqual([]);
  }, 30_000);

  it('scores side effects on each pick-list scale — MOAA/S, RASS below zero, NRS suggesting the severity — and asks for a note on "Other"', async () => {
    const sideEffects = nurse.getByRole('region', { name: 'Side effects' });
    const sent = (summary: string) => sideEffects.locator('.entry-status-line[data-entry-stage="sent"]', { hasText: summary }).waitFor();
    const radio = (name: string) => sideEffects.getByRole('radio', { name, exact: true });

    // Sedation opens on MOAA/S, read from "alert" down, each score with its anchor.
    await radio('Sedation').check();
    const moaas = sideEffects.getByRole('group', { name: /^MOAA\/S score/ });
    expect(await moaas.getByRole('radio').count()).toBe(6);
    await moaas.getByRole('radio', { name: /^3 Responds only after name is called loudly/ }).check();
    await radio('Moderate').check();
    await sideEffects.getByRole('button', { name: 'Save side effect' }).click();
    await sent('Sedation · Moderate · MOAA/S 3');

    // The other scale for sedation: RASS, with its negative scores.
    await radio('Sedation').check();
    await radio('RASS').check();
    const rass = sideEffects.getByRole('group', { name: /^RASS score/ });
    await rass.getByRole('radio', { name: /^-2 Light sedation/ }).check();
    await radio('Mild').check();
    await sideEffects.getByRole('button', { name: 'Save side effect' }).click();
    await sent('Sedation · Mild · RASS -2');

    // A nausea score says how severe it is: 5 suggests moderate, with the anchor's advice.
    await radio('Nausea').check();
    await sideEffects.getByRole('group', { name: /^Numeric rating 0–10 score/ }).getByRole('radio', { name: '5', exact: true }).check();
    expect(await radio('Moderate').isChecked()).toBe(true);
    await sideEffects.getByText('5: 4–6 moderate (nausea ≥4: consider an antiemetic)').waitFor();
    await sideEffects.getByRole('button', { name: 'Save side effect' }).click();
    await sent('Nausea · Moderate · NRS 5');

    // "Other" is only useful with words: refused without a note, beside the note, which gets the focus.
    await radio('Other').check();
    await radio('Mild').check();
    await sideEffects.getByRole('button', { name: 'Save side effect' }).click();
    const note = sideEffects.getByLabel('Note', { exact: true });
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, note)).toContain('Describe the side effect');
    await expect.poll(() => note.evaluate((element) => element === document.activeElement)).toBe(true);
    await note.fill('Tingling in both hands');
    await sideEffects.getByRole('button', { name: 'Save side effect' }).click();
    await sent('Other · Mild');

    const notes = (await record(infusing.id)).sideEffects.map(({ kind, severity, scale, score, note: text }) => ({ kind, severity, scale, score, note: text }));
    expect(notes).toEqual([
      { kind: 'sedation', severity: 'moderate', scale: 'moaas', score: 3, note: null },
      { kind: 'sedation', severity: 'mild', scale: 'rass', score: -2, note: null },
      { kind: 'nausea', severity: 'moderate', scale: 'nrs', score: 5, note: null },
      { kind: 'other', severity: 'mild', scale: null, score: null, note: 'Tingling in both hands' },
    ]);
    expect(problems).toEqual([]);
  }, 30_000);

  it('stops the infusion once confirmed, with a reason: the session is in recovery on the screen and on the server', async () => {
    await controls().getByRole('button', { name: 'Stop infusion' }).click();
    const dialog = nurse.getByRole('dialog', { name: 'Stop the infusion?' });
    await dialog.getByLabel('Reason (optional)').fill('Planned dose delivered');
    await dialog.getByRole('button', { name: 'Stop infusion' }).click();
    await dialog.waitFor({ state: 'detached' });
    await nurse.locator('.entry-screen[data-phase="recovery"]').waitFor();
    // Recovery offers the discharge checklist and abort, and no pump control.
    await controls().locator('[data-discharge]').waitFor();
    expect(await controls().getByRole('button', { name: /^(Pause|Resume|Stop infusion|Change rate)$/ }).count()).toBe(0);
    expect(await controls().getByRole('button', { name: 'Abort session…' }).count()).toBe(1);

    const stored = await record(infusing.id);
    expect(stored.phase).toBe('recovery');
    expect(stored.infusionEvents.at(-1)).toMatchObject({ kind: 'stopped', reason: 'Planned dose delivered' });
    expect(stored.transitions.at(-1)).toMatchObject({ from: 'infusing', to: 'recovery', reason: 'Planned dose delivered', byName: 'Nora Nurse, RN' });
    expect(problems).toEqual([]);
  }, 20_000);

  it('checks a booked patient in from the chair’s screen, then aborts the session only with a reason; the chair is free again', async () => {
    await nurse.goto(`${suite.server.baseUrl}/sessions/${waiting.id}/record`);
    await nurse.locator('.entry-screen[data-phase="scheduled"]').waitFor();
    await controls().getByRole('button', { name: 'Check in', exact: true }).click();
    await nurse.locator('.entry-screen[data-phase="baseline"]').waitFor();
    expect((await record(waiting.id)).phase).toBe('baseline');

    await controls().getByRole('button', { name: 'Abort session…' }).click();
    const dialog = nurse.getByRole('dialog', { name: 'Abort this session?' });
    const reason = dialog.getByLabel('Reason', { exact: true });
    // The reason is where the focus starts, since it is required.
    await expect.poll(() => reason.evaluate((element) => element === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Abort session' }).click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, reason)).toBe('An aborted session needs a reason');
    expect((await record(waiting.id)).phase).toBe('baseline');

    const why = 'Baseline BP 182/110 on two readings; physician advised against infusing today';
    await reason.fill(why);
    await dialog.getByRole('button', { name: 'Abort session' }).click();
    await dialog.waitFor({ state: 'detached' });
    await nurse.locator('.entry-screen[data-phase="aborted"]').waitFor();
    await controls().getByText('This session is closed.', { exact: false }).waitFor();

    const stored = await record(waiting.id);
    expect(stored.phase).toBe('aborted');
    expect(stored.transitions.map((transition) => transition.to)).toEqual(['scheduled', 'baseline', 'aborted']);
    expect(stored.transitions.at(-1)).toMatchObject({ from: 'baseline', to: 'aborted', reason: why });
    const ward = expectStatus(await api.get<WardSnapshot>('/api/ward'), 200);
    expect(ward.sessions.map((session) => session.id)).not.toContain(waiting.id);
    // The chair list at the bedside no longer offers it.
    await nurse.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Chairs' }).click();
    await nurse.getByRole('heading', { name: 'Which chair are you at?' }).waitFor();
    await nurse.getByRole('list', { name: 'Chairs in use' }).getByRole('link', { name: new RegExp(`^${infusingChair.label}`) }).waitFor();
    expect(await nurse.getByRole('link', { name: new RegExp(`^${waitingChair.label}`) }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 20_000);

  it('refuses an incomplete or out-of-protocol booking beside each field, then books a returning patient found by MRN', async () => {
    await nurse.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
    await nurse.getByRole('heading', { name: 'Schedule a session' }).waitFor();
    const schedule = nurse.getByRole('button', { name: 'Schedule session' });
    const search = nurse.getByLabel('Find by name or MRN');
    const chairs = nurse.getByRole('group', { name: 'Chair', exact: true });
    const indications = nurse.getByRole('group', { name: 'Indication', exact: true });

    // Nothing chosen: each missing answer is named where it is asked, and the focus goes to the first.
    await schedule.click();
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, search)).toBe('Choose or add the patient');
    expect(await describedText(nurse, chairs)).toBe('✕ Choose a chair');
    expect(await describedText(nurse, indications)).toBe('✕ Choose the indication');
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.textContent?.includes('Find by name or MRN') ?? false)).toBe(true);

    // The returning patient, by MRN.
    await search.fill(returning.mrn);
    await nurse.getByRole('list', { name: 'Matching patients' }).getByRole('button', { name: /Greta Holm/ }).click();
    await nurse.locator('.picked-patient', { hasText: 'Greta Holm' }).waitFor();
    await chairs.getByRole('radio', { name: new RegExp(`^${bookingChair.label}`) }).check();
    expect(await chairs.getAttribute('aria-describedby')).toBeNull();

    // Outside the protocol: "Other" without a name, 4 mg/kg, minutes that are no number.
    await indications.getByRole('radio', { name: 'Other', exact: true }).check();
    const other = nurse.getByLabel('Which indication?');
    const dose = nurse.getByLabel('Dose (mg/kg)');
    const minutes = nurse.getByLabel('Infusion time (min)');
    await dose.fill('4');
    await minutes.fill('forty');
    await nurse.getByLabel('Physician').selectOption({ label: 'Dr. Paul Physician' });
    await schedule.click();
    await expect.poll(() => other.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(nurse, other)).toBe('✕ Name the indication');
    expect(await describedText(nurse, dose)).toContain('✕ Must be at most 3 mg/kg');
    expect(await describedText(nurse, minutes)).toContain('✕ Must be a whole number of minutes');
    await expect.poll(() => other.evaluate((element) => element === document.activeElement)).toBe(true);
    const scheduled = async () => expectStatus(await api.get<{ sessions: SessionSummary[] }>('/api/sessions?phase=scheduled'), 200).sessions.filter((s) => s.patient.id === returning.id);
    expect(await scheduled()).toEqual([]);

    await other.fill('Ketamine-assisted psychotherapy');
    await dose.fill('0,75');
    await minutes.fill('60');
    expect(await nurse.locator('[data-dose-preview]').textContent()).toContain('60 mg');
    await schedule.click();
    const created = nurse.locator('[data-created-session]');
    await created.waitFor();
    expect(await created.textContent()).toContain(`Scheduled: Greta Holm in ${bookingChair.label}`);
    expect(await created.textContent()).toContain('Ketamine-assisted psychotherapy · 60 mg over 60 min · 60 mg/h');
    const id = (await created.getAttribute('data-created-session')) ?? '';
    await nurse.locator(`.waiting-item[data-session-id="${id}"]`, { hasText: 'Greta Holm' }).waitFor();

    expect(await scheduled()).toHaveLength(1);
    expect(await record(id)).toMatchObject({
      phase: 'scheduled',
      indication: 'other',
      indicationOther: 'Ketamine-assisted psychotherapy',
      doseMgPerKg: 0.75,
      totalDoseMg: 60,
      plannedInfusionMinutes: 60,
      rateMgPerHour: 60,
      chair: { id: bookingChair.id },
      physician: { id: suite.server.cast.physicianId },
    });
    expect(problems).toEqual([]);
  }, 30_000);

  it('lets a reviewer narrow the history by status and side effect, and download the day’s records as CSV', async () => {
    const { context, page } = await suite.openPage({ as: 'reviewer', link: 'History', heading: 'Session history', problems });
    context.setDefaultTimeout(STEP_MS);
    try {
      const filters = page.getByRole('form', { name: 'Search sessions' });
      const found = () => page.locator('table[data-results] tbody tr').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-session-id'), row.querySelector('[data-status]')?.getAttribute('data-status')]));
      const search = async () => {
        // The table is replaced once the server answers for these filters.
        const answered = page.waitForResponse((response) => response.url().includes('/api/history?'));
        await filters.getByRole('button', { name: 'Search' }).click();
        await answered;
        await page.locator('table[data-results]').waitFor();
      };

      await filters.getByLabel('Status').selectOption({ label: 'In progress' });
      await filters.getByLabel('Side effect').selectOption({ label: 'Sedation' });
      await search();
      await expect.poll(found).toEqual([[infusing.id, 'inProgress']]);
      const row = page.locator(`tr[data-session-id="${infusing.id}"]`);
      for (const kind of ['Sedation', 'Nausea', 'Other']) expect(await row.textContent()).toContain(kind);

      await filters.getByLabel('Status').selectOption({ label: 'Completed' });
      await filters.getByLabel('Side effect').selectOption({ label: 'Any' });
      await search();
      const completed = await found();
      expect(completed).toContainEqual([waiting.id, 'completed']);
      expect(completed.every(([, status]) => status === 'completed')).toBe(true);

      // Export needs a range: today's, in the reviewer's own days.
      expect(await filters.getByRole('link', { name: 'Export range as CSV' }).count()).toBe(0);
      const today = new Date().toISOString().slice(0, 10);
      await filters.getByLabel('From').fill(today);
      await filters.getByLabel('To', { exact: true }).fill(today);
      await filters.getByLabel('Status').selectOption({ label: 'Any status' });
      await search();
      const [download] = await Promise.all([page.waitForEvent('download'), filters.getByRole('link', { name: 'Export range as CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`sessions-${today}-${today}.csv`);
      const file = await download.path();
      const rows = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
      const ofInfusing = rows.filter((r) => r.session_id === infusing.id);
      expect(ofInfusing.filter((r) => r.record === 'infusion_event').map((r) => [r.item, r.value, r.reason])).toEqual([
        ['started', '60', ''],
        ['rateChanged', '45.5', 'BP up 30 % over baseline'],
        ['medicationGiven', 'Midazolam 0.5 mg IV', ''],
        ['stopped', '', 'Planned dose delivered'],
      ]);
      expect(ofInfusing.filter((r) => r.record === 'side_effect').map((r) => [r.item, r.value])).toEqual([
        ['Sedation', 'moderate (moaas 3)'],
        ['Sedation', 'mild (rass -2)'],
        ['Nausea', 'moderate (nrs 5)'],
        ['Other', 'mild'],
      ]);
      // The export is on the record of who took what out.
      const admin = new ApiClient(suite.server.baseUrl, await suite.server.signIn('admin'));
      const trail = expectStatus(await admin.get<{ entries: AuditEntryView[] }>('/api/admin/audit?action=export.rangeCsv&username=reviewer'), 200).entries;
      expect(trail[0]).toMatchObject({ username: 'reviewer', entityType: 'sessions' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});

/** The texts a control's `aria-describedby` points at (its error, its hint), joined by a space. */
async function describedText(page: Page, control: Locator): Promise<string> {
  await control.waitFor();
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push(((await page.locator(`[id="${id}"]`).textContent()) ?? '').trim());
  return texts.join(' ');
}
