import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import type { Chair } from '../../shared/schemas/chair.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifactsDir = path.join(repoRoot, 'test-artifacts');

const VIEWPORTS = {
  tablet: { width: 1024, height: 768 },
  wall: { width: 1920, height: 1080 },
} as const;

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: every rule axe-core has for them, whatever its impact. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Theme = 'day' | 'night';

/**
 * axe-core on every page, in day and in night mode, including the bedside screen's transient
 * states (a side effect being scored, a refused value, the confirm step, an entry waiting offline).
 * Also saves the bedside and scheduling screens at tablet and wall sizes for review.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'accessibility in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let servedDir = '';
  let sessionId = '';

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    // Serve a copy: a rebuild running meanwhile (it empties dist/) cannot pull the page from under the test.
    servedDir = snapshotOfBuild(clientDir);
    server = await startTestServer(tempSqlite(), { clientDir: servedDir });
    sessionId = await seedClinic(server);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (servedDir) fs.rmSync(servedDir, { recursive: true, force: true });
  });

  for (const theme of ['day', 'night'] as const) {
    it(`has no WCAG 2.2 AA violations on any page in ${theme} mode`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS.tablet, colorScheme: theme === 'night' ? 'dark' : 'light', reducedMotion: 'reduce' });
      const page = await context.newPage();
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        found[name] = await axeViolations(page);
      };

      await page.goto(server.baseUrl);
      await page.getByLabel('User name').waitFor();
      await check('sign-in');
      await page.getByLabel('User name').fill('nurse');
      await page.getByLabel('Password').fill('chairside-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.locator(`article[data-session-id="${sessionId}"]`).waitFor();
      await check('overview');

      await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
      await page.locator('[data-chart="blood-pressure"]').waitFor();
      await check('session');

      await page.goto(`${server.baseUrl}/bedside`);
      await page.locator(`.bedside-chair[data-session-id="${sessionId}"]`).waitFor();
      await check('bedside');
      await screenshots(page, 'bedside', theme, { only: 'tablet' });

      await page.goto(`${server.baseUrl}/schedule`);
      await page.getByRole('heading', { name: 'Waiting for check-in' }).waitFor();
      await page.locator('.waiting-item').first().waitFor();
      await check('schedule');
      await screenshots(page, 'schedule', theme);
      await page.getByRole('button', { name: 'Schedule session' }).click();
      await page.locator('.field-error').first().waitFor();
      await page.getByRole('button', { name: 'New patient' }).click();
      await page.getByRole('button', { name: 'Add patient' }).click();
      await page.locator('.new-patient .field-error').first().waitFor();
      await check('schedule, errors and new patient');
      await screenshots(page, 'schedule-errors', theme, { fullPage: true, only: 'tablet' });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: /Lena Hoffmann/ }).click();
      await page.getByRole('radio', { name: /^Chair 4\b/ }).check();
      await page.getByRole('radio', { name: 'Chronic pain' }).check();
      await page.getByLabel('Dose (mg/kg)').fill('0.6');
      await page.getByLabel('Infusion time (min)').fill('120');
      await page.locator('.dose-preview__total').waitFor();
      await check('schedule, filled in');
      await screenshots(page, 'schedule-filled', theme, { fullPage: true });

      await page.goto(`${server.baseUrl}/sessions/${sessionId}/record`);
      await page.locator('.entry-screen[data-phase="infusing"]').waitFor();
      await page.locator('.last-reading[data-last-observation-id]').first().waitFor();
      await check('entry');
      await screenshots(page, 'entry', theme);

      // Side effect with a pick-list scale (anchors as choices), a refused value, the confirm step.
      await page.getByRole('radio', { name: 'Sedation' }).check();
      await page.getByRole('radio', { name: 'Mild', exact: true }).check();
      await page.getByRole('radio', { name: /^4\b/ }).check();
      await page.getByLabel('Heart rate').fill('400');
      await page.getByLabel('Heart rate').press('Enter');
      await page.locator('.vital-input__error').waitFor();
      await check('entry, side effect and refused value');
      await screenshots(page, 'entry-working', theme, { fullPage: true, only: 'tablet' });
      await page.getByLabel('Heart rate').fill('');
      await page.getByLabel('Systolic BP').fill('172');
      await page.getByLabel('Diastolic BP').fill('96');
      await page.getByLabel('Diastolic BP').press('Enter');
      await page.getByRole('dialog').waitFor();
      await check('entry, confirm dialog');
      await screenshots(page, 'entry-confirm', theme, { only: 'tablet' });
      await page.keyboard.press('Escape');

      // An entry kept on the device while the server is unreachable.
      await page.route('**/api/observations', (route) => route.abort('internetdisconnected'));
      await page.getByLabel('Systolic BP').fill('');
      await page.getByLabel('Diastolic BP').fill('');
      await page.getByLabel('Respiratory rate').fill('15');
      await page.getByLabel('Respiratory rate').press('Enter');
      await page.locator('.entry-log__item[data-entry-stage="waiting"]').waitFor();
      await check('entry, waiting offline');
      await screenshots(page, 'entry-offline', theme, { only: 'tablet' });
      await page.unroute('**/api/observations');

      await context.close();
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
    }, 40_000);
  }
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluated over CDP, so the page's CSP stays in force), whatever the impact. */
async function axeViolations(page: Page): Promise<string[]> {
  // From the top: content scrolled half under the sticky header would count as an obscured target.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map(
      (violation) => `${violation.impact}: ${violation.id}: ${violation.help} (${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join(' | ')})`,
    );
  }, WCAG_TAGS);
}

async function screenshots(page: Page, name: string, theme: Theme, options: { fullPage?: boolean; only?: keyof typeof VIEWPORTS } = {}): Promise<void> {
  await page.mouse.move(0, 0);
  const original = page.viewportSize();
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    if (options.only && options.only !== size) continue;
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await page.screenshot({ path: path.join(artifactsDir, `${name}-${theme}-${viewport.width}x${viewport.height}.png`), fullPage: options.fullPage ?? false });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * A clinic mid-morning: one session infusing with readings and a side effect (the one the pages
 * show), another patient waiting for check-in, a third in the register.
 */
async function seedClinic(server: TestServer): Promise<string> {
  const api = new ApiClient(server.baseUrl, await server.signIn('nurse'));
  const { chairs } = expectStatus(await api.get<{ chairs: Chair[] }>('/api/chairs'), 200);
  const { users } = expectStatus(await api.get<{ users: SessionUser[] }>('/api/users'), 200);
  const nurse = users.find((user) => user.username === 'nurse');
  const physician = users.find((user) => user.username === 'physician');
  if (!nurse || !physician || chairs.length < 3) throw new Error('demo users or chairs missing');
  const byLabel = (label: string) => chairs.find((chair) => chair.label === label)?.id ?? '';

  const patient = async (name: string, mrn: string, weightKg: number) =>
    expectStatus(await api.post<{ patient: Patient }>('/api/patients', { id: randomUUID(), mrn, name, dateOfBirth: '1975-03-09', weightKg, allergies: mrn.endsWith('2') ? ['Latex'] : [] }), 201).patient;
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const session = async (patientId: string, chairId: string) =>
    expectStatus(
      await api.post<{ session: SessionSummary }>('/api/sessions', {
        id: randomUUID(),
        patientId,
        chairId,
        indication: 'treatmentResistantDepression',
        doseMgPerKg: 0.5,
        plannedInfusionMinutes: 40,
        nurseId: nurse.id,
        physicianId: physician.id,
        bookedAt: minutesAgo(20),
      }),
      201,
    ).session;

  const running = await session((await patient('Maria Okafor', 'MRN-20211', 68)).id, byLabel('Chair 1'));
  await session((await patient('Jonas Berg', 'MRN-20212', 81)).id, byLabel('Chair 3'));
  await patient('Lena Hoffmann', 'MRN-20213', 59);

  expectStatus(await api.post(`/api/sessions/${running.id}/phase`, { to: 'baseline', at: minutesAgo(15) }), 200);
  expectStatus(
    await api.post('/api/observations', {
      observations: [
        { id: randomUUID(), sessionId: running.id, kind: 'bloodPressure', systolic: 132, diastolic: 84, observedAt: minutesAgo(12) },
        { id: randomUUID(), sessionId: running.id, kind: 'heartRate', value: 78, observedAt: minutesAgo(12) },
        { id: randomUUID(), sessionId: running.id, kind: 'spo2', value: 97, onOxygen: false, observedAt: minutesAgo(12) },
        { id: randomUUID(), sessionId: running.id, kind: 'respiratoryRate', value: 14, observedAt: minutesAgo(12) },
        { id: randomUUID(), sessionId: running.id, kind: 'temperature', value: 36.7, observedAt: minutesAgo(12) },
      ],
    }),
    201,
  );
  expectStatus(await api.post(`/api/sessions/${running.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: minutesAgo(10) }), 201);
  expectStatus(
    await api.post('/api/observations', {
      observations: [
        { id: randomUUID(), sessionId: running.id, kind: 'bloodPressure', systolic: 146, diastolic: 91, observedAt: minutesAgo(2) },
        { id: randomUUID(), sessionId: running.id, kind: 'heartRate', value: 88, observedAt: minutesAgo(2) },
      ],
    }),
    201,
  );
  expectStatus(
    await api.post('/api/side-effects', {
      sideEffects: [{ id: randomUUID(), sessionId: running.id, kind: 'dissociation', severity: 'mild', scale: 'cadss6', score: 5, observedAt: minutesAgo(3) }],
    }),
    201,
  );
  return running.id;
}

/** A private copy of the client build for this suite. */
function snapshotOfBuild(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-client-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}
