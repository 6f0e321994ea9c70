import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoSimulator } from '../../server/demo/simulator.ts';
import { createLogger } from '../../server/logger.ts';
import type { Chair } from '../../shared/schemas/chair.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { SessionSummary, WardSession } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifactsDir = path.join(repoRoot, 'test-artifacts');

/**
 * Real-time speed: the simulated chairs start with realistic histories (so the screenshots show
 * real trends) and none is discharged while the test runs. The monitor still ticks every 5 s.
 */
const SIM_SPEED = 1;
const DEVICE_TICK_MS = 5_000;
/** One device tick plus the socket hop, with room for a slow CI machine. */
const LIVE_WITHIN_MS = DEVICE_TICK_MS * 2 + 2_000;

/** A clinic of twelve chairs: ten running simulated sessions, one free, one with a dense 1 Hz record. */
const CHAIRS = 12;
const SIMULATED = 10;
/** The dense session: 30 minutes of 1 Hz heart rate, more than the whole-session view draws. */
const DENSE_MINUTES = 30;

const VIEWPORTS = {
  wall: { width: 1920, height: 1080 },
  tablet: { width: 1024, height: 768 },
} as const;

describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'live ward in Chromium', () => {
  let server: TestServer;
  let simulator: DemoSimulator;
  let browser: Browser;
  let nurse: ApiClient;
  let dense: SessionSummary;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    server = await startTestServer(tempSqlite(), { clientDir });
    nurse = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    const added: Chair[] = [];
    for (let number = server.cast.chairs.length + 1; number <= CHAIRS; number++) {
      const response = await admin.post<{ chair: Chair }>('/api/chairs', { id: randomUUID(), label: `Chair ${number}`, room: `Room ${'ABCDEF'[Math.floor((number - 1) / 2)]}` });
      added.push(expectStatus(response, 201).chair);
    }
    const chairs = [...server.cast.chairs, ...added];
    dense = await startDenseSession(server, nurse, chairs[CHAIRS - 1] as Chair);
    simulator = new DemoSimulator(server.server.services, { ...server.cast, chairs: chairs.slice(0, SIMULATED) }, createLogger('silent'), SIM_SPEED);
    await simulator.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    simulator?.stop();
    await browser?.close();
    await server?.close();
  });

  it('signs in, shows all twelve chairs on a 1080p wall without scrolling, and follows them live', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.wall, colorScheme: 'light' });
    const page = await context.newPage();
    const pageProblems = collectPageProblems(page);

    // Sign in through the form, including one refused attempt with its inline error.
    await page.goto(server.baseUrl);
    await page.getByLabel('User name').fill('physician');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(page.getByRole('alert'))).toBe('Wrong user name or password');
    await page.getByLabel('Password').fill('chairside-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Twelve chairs, eleven with a patient and one free; all on one 1080p screen.
    const cards = page.locator('article.session-card');
    await cards.nth(CHAIRS - 1).waitFor();
    expect(await cards.count()).toBe(CHAIRS);
    expect(await page.locator('article[data-free="true"]').count()).toBe(CHAIRS - SIMULATED - 1);
    expect(await textOf(page.getByRole('banner'))).toContain('Dr. Paul Physician');
    await page.locator('[data-connection="live"]').waitFor();
    expect(await verticalOverflow(page)).toBe(0);
    expect(await cards.last().evaluate((card) => card.getBoundingClientRect().bottom)).toBeLessThanOrEqual(VIEWPORTS.wall.height);

    // Each running chair's card has its sparklines.
    const denseCard = page.locator(`article[data-session-id="${dense.id}"]`);
    expect(await denseCard.locator('[data-kind="heartRate"] .sparkline__line').count()).toBe(1);

    // Nothing below may reload the page: this mark would vanish.
    await page.evaluate(() => {
      document.documentElement.dataset.e2eNoReload = 'kept';
    });

    // A reading posted by another client appears on its card, flagged, without a reload.
    const ward = expectStatus(await nurse.get<{ sessions: WardSession[] }>('/api/ward'), 200);
    const chairOne = ward.sessions.find((session) => session.chair.label === 'Chair 1');
    if (!chairOne) throw new Error('the simulator did not start Chair 1');
    await postObservation(nurse, { id: randomUUID(), sessionId: chairOne.id, kind: 'temperature', value: 38.6, observedAt: new Date().toISOString() });
    const temperatureTile = page.locator(`article[data-session-id="${chairOne.id}"] [data-kind="temperature"]`);
    await temperatureTile.locator('.card-mini__number', { hasText: '38.6' }).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await temperatureTile.getAttribute('class')).toContain('card-mini--abnormal');
    expect(await textOf(temperatureTile.locator('.card-mini__flag'))).toContain('High');

    // The server drops every socket, as on a restart: the header says so, and a reading recorded
    // meanwhile shows up once the tab reconnects and re-subscribes from its last seq.
    const shownHeartRates = await heartRateIdsBySession(page);
    server.server.io.disconnectSockets(true);
    await page.locator('[data-connection="offline"], [data-connection="reconnecting"]').waitFor();
    const missedId = randomUUID();
    await postObservation(nurse, { id: missedId, sessionId: chairOne.id, kind: 'respiratoryRate', value: 19, observedAt: new Date().toISOString() });
    await page.locator('[data-connection="live"]').waitFor({ timeout: LIVE_WITHIN_MS });
    await page.locator(`article[data-session-id="${chairOne.id}"] [data-observation-id="${missedId}"]`).waitFor({ timeout: LIVE_WITHIN_MS });

    // Meanwhile the simulated monitors kept ticking: their new heart rates replaced the cards'.
    await expect
      .poll(
        async () => {
          const now = await heartRateIdsBySession(page);
          return [...now].some(([sessionId, id]) => shownHeartRates.get(sessionId) !== id);
        },
        { timeout: LIVE_WITHIN_MS, interval: 250 },
      )
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.e2eNoReload)).toBe('kept');

    // By urgency: the flagged chairs come first, free chairs last; the choice is remembered.
    await page.getByRole('radio', { name: 'Urgency' }).check();
    await expect.poll(() => page.locator('ul.ward-grid').getAttribute('data-order')).toBe('urgency');
    const firstCard = cards.first();
    expect(await firstCard.getAttribute('class')).toContain('session-card--flagged');
    expect(await cards.last().getAttribute('data-free')).toBe('true');

    for (const theme of ['day', 'night'] as const) {
      await setTheme(page, theme);
      await expectNoAxeViolations(page);
      await saveScreenshots(page, `ward-${theme}`, async () => {
        // Four chairs fit a tablet: the first four cards are fully on screen.
        if (page.viewportSize()?.width === VIEWPORTS.tablet.width) {
          expect(await cards.nth(3).evaluate((card) => card.getBoundingClientRect().bottom)).toBeLessThanOrEqual(VIEWPORTS.tablet.height);
        } else {
          expect(await verticalOverflow(page)).toBe(0);
        }
      });
    }

    await page.reload();
    await cards.first().waitFor();
    expect(await page.getByRole('radio', { name: 'Urgency' }).isChecked()).toBe(true);
    expect(pageProblems).toEqual([]);
    await context.close();
  }, 40_000);

  it('opens a long session: thinned charts that zoom to every reading, live updates, and a correction that round-trips', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.wall, colorScheme: 'light' });
    const page = await signedIn(context, server.baseUrl, 'physician');
    const pageProblems = collectPageProblems(page);

    await page.locator(`article[data-session-id="${dense.id}"] a.session-card__link`).click();
    await page.waitForURL(`**/sessions/${dense.id}`);
    const heartChart = page.locator('figure[data-chart="heart-rate"]');
    await heartChart.locator('.recharts-line-curve').first().waitFor({ state: 'attached' });

    // The whole session is drawn thinned: a few hundred points for 1 800 readings.
    const whole = await chartState(heartChart);
    expect(whole.points).toBeGreaterThanOrEqual(DENSE_MINUTES * 60);
    expect(whole.drawn).toBeLessThanOrEqual(400);
    expect(whole.fullResolution).toBe(false);

    // Dragging across a few minutes of the chart zooms every chart in, at full resolution.
    await dragAcross(page, heartChart, 0.55, 0.7);
    await expect.poll(() => page.locator('section.trend-charts').getAttribute('data-zoomed')).toBe('true');
    const zoomed = await chartState(heartChart);
    expect(zoomed.fullResolution).toBe(true);
    expect(zoomed.points).toBeGreaterThan(60);
    expect(zoomed.points).toBeLessThan(whole.points);
    expect(zoomed.drawn).toBeGreaterThanOrEqual(zoomed.points);
    expect(await textOf(page.locator('.trend-charts__status'))).toContain('every reading');
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => page.locator('section.trend-charts').getAttribute('data-zoomed')).toBe('false');

    // Hovering shows the wall-clock time of the point under the pointer.
    await hoverAt(page, heartChart, 0.5);
    expect(await textOf(page.locator('.chart-tooltip'))).toMatch(/\d{2}:\d{2}:\d{2}/);
    await page.mouse.move(0, 0);

    // A monitor reading posted elsewhere lands on the chart at once.
    await postObservation(nurse, { id: randomUUID(), sessionId: dense.id, kind: 'heartRate', value: 77, observedAt: new Date().toISOString(), source: 'device', deviceId: 'e2e-monitor' });
    await expect.poll(async () => (await chartState(heartChart)).points, { timeout: LIVE_WITHIN_MS, interval: 200 }).toBe(whole.points + 1);

    // A nurse's respiratory count, then corrected through the table: the original stays,
    // marked superseded; the correction shows as amended, on the chart and the latest tile.
    const respiratoryChart = page.locator('figure[data-chart="respiratory-rate"]');
    const countId = randomUUID();
    await postObservation(nurse, { id: countId, sessionId: dense.id, kind: 'respiratoryRate', value: 24, observedAt: new Date().toISOString(), source: 'manual' });
    await expect.poll(() => respiratoryChart.getAttribute('data-latest'), { timeout: LIVE_WITHIN_MS }).toBe('24');
    const row = page.locator(`tr[data-observation-id="${countId}"]`);
    await row.getByRole('button', { name: /^Correct/ }).click();
    const form = page.locator('form.correction-form');
    await form.getByRole('textbox', { name: 'Respiratory rate' }).fill('18');
    await form.getByRole('button', { name: 'Save correction' }).click();
    // The reason is required: the form says so next to the field and sends nothing.
    expect(await textOf(form.locator('.correction-form__field-error'))).toContain('reason');
    await form.getByRole('textbox', { name: 'Reason for the correction' }).fill('Counted over 15 s, not 30');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.locator(`tr[data-observation-id="${countId}"][data-status="superseded"]`).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await textOf(row.locator('.record-status'))).toContain('Superseded');
    const amended = page.locator('tr[data-status="amended"]', { hasText: 'Respiratory rate' }).first();
    expect(await textOf(amended)).toContain('18');
    expect(await textOf(amended)).toContain('was 24');
    await expect.poll(() => respiratoryChart.getAttribute('data-latest'), { timeout: LIVE_WITHIN_MS }).toBe('18');
    await expect.poll(() => textOf(page.locator('.latest-vitals [data-kind="respiratoryRate"] .vital-tile__number'))).toBe('18');

    await page.evaluate(() => window.scrollTo(0, 0));
    for (const theme of ['day', 'night'] as const) {
      await setTheme(page, theme);
      await expectNoAxeViolations(page);
      await saveScreenshots(page, `session-${theme}`, undefined, theme === 'day');
    }
    expect(pageProblems).toEqual([]);
    await context.close();
  }, 40_000);

  it('keeps a wide blood pressure (195/115) and its unit inside the card at every ward width', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.wall, colorScheme: 'light' });
    const page = await signedIn(context, server.baseUrl, 'physician');
    const id = randomUUID();
    await postObservation(nurse, { id, sessionId: dense.id, kind: 'bloodPressure', systolic: 195, diastolic: 115, observedAt: new Date().toISOString(), source: 'manual' });
    const card = page.locator(`article[data-session-id="${dense.id}"]`);
    const tile = card.locator(`[data-kind="bloodPressure"][data-observation-id="${id}"]`);
    await tile.locator('.card-vital__number', { hasText: '195/115' }).waitFor({ timeout: LIVE_WITHIN_MS });

    // A wall of four across (1920, 1800), three (1400), two on a tablet (1024, 900), one on a phone.
    for (const width of [1920, 1800, 1400, 1024, 900, 420]) {
      await page.setViewportSize({ width, height: 1080 });
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      const boxes = await tile.evaluate((element) => {
        const box = (selector: string) => {
          const found = selector === '' ? element : element.querySelector(selector);
          const rect = found?.getBoundingClientRect();
          return rect ? { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom } : null;
        };
        const value = element.querySelector('.card-vital__value');
        return {
          card: element.closest('article')?.getBoundingClientRect().toJSON() as DOMRect,
          tile: box(''),
          number: box('.card-vital__number'),
          unit: box('.card-vital__unit'),
          unitText: element.querySelector('.card-vital__unit')?.textContent ?? '',
          clipped: value ? value.scrollWidth > value.clientWidth : true,
        };
      });
      const inside = (inner: typeof boxes.unit, outer: typeof boxes.unit) =>
        inner !== null && outer !== null && inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;
      expect({ width, unit: boxes.unitText, unitInTile: inside(boxes.unit, boxes.tile), unitInCard: inside(boxes.unit, boxes.card), numberInTile: inside(boxes.number, boxes.tile), clipped: boxes.clipped }).toEqual({
        width,
        unit: 'mmHg',
        unitInTile: true,
        unitInCard: true,
        numberInTile: true,
        clipped: false,
      });
    }
    await context.close();
  }, 30_000);

  it('shows a reviewer the record without correction controls', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.tablet });
    const page = await signedIn(context, server.baseUrl, 'reviewer');
    await page.goto(`${server.baseUrl}/sessions/${dense.id}`);
    await page.locator('tr[data-observation-id]').first().waitFor();
    expect(await page.getByRole('button', { name: /^Correct/ }).count()).toBe(0);
    await context.close();
  });
});

/**
 * A session on its own chair, checked in 40 minutes ago and infusing for 30, with 1 Hz heart rate,
 * SpO₂ every 5 s, a cuff every 5 minutes and a nurse's count every 10: a long record to thin and zoom.
 */
async function startDenseSession(server: TestServer, nurse: ApiClient, chair: Chair): Promise<SessionSummary> {
  const patient = expectStatus(
    await nurse.post<{ patient: Patient }>('/api/patients', {
      id: randomUUID(),
      mrn: 'MRN-420017',
      name: 'Harper Lindgren',
      dateOfBirth: '1979-03-14',
      weightKg: 72,
      allergies: [],
    }),
    201,
  ).patient;
  const now = Date.now();
  const ago = (minutes: number): string => new Date(now - minutes * 60_000).toISOString();
  const session = expectStatus(
    await nurse.post<{ session: SessionSummary }>('/api/sessions', {
      id: randomUUID(),
      patientId: patient.id,
      chairId: chair.id,
      indication: 'chronicPain',
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: 60,
      nurseId: server.cast.nurse.userId,
      physicianId: server.cast.physicianId,
      bookedAt: ago(DENSE_MINUTES + 20),
    }),
    201,
  ).session;
  expectStatus(await nurse.post(`/api/sessions/${session.id}/phase`, { to: 'baseline', at: ago(DENSE_MINUTES + 10) }), 200);
  expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: ago(DENSE_MINUTES) }), 201);
  // A short pause for nausea, and two side effects: phases, events and markers for the charts.
  expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'paused', at: ago(15), reason: 'Nausea' }), 201);
  expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'resumed', at: ago(12) }), 201);
  expectStatus(
    await nurse.post('/api/side-effects', {
      sideEffects: [
        { id: randomUUID(), sessionId: session.id, kind: 'dissociation', severity: 'mild', scale: 'cadss6', score: 5, observedAt: ago(22) },
        { id: randomUUID(), sessionId: session.id, kind: 'nausea', severity: 'moderate', scale: 'nrs', score: 5, observedAt: ago(15) },
      ],
    }),
    201,
  );

  const readings: ObservationInput[] = [];
  const start = now - DENSE_MINUTES * 60_000;
  for (let second = 0; second < DENSE_MINUTES * 60; second++) {
    const t = start + second * 1_000;
    const minute = second / 60;
    const observedAt = new Date(t).toISOString();
    const wave = Math.sin(second / 40) * 3 + Math.sin(second / 7) * 1.5;
    readings.push({ id: randomUUID(), sessionId: session.id, kind: 'heartRate', value: Math.round(72 + minute * 0.6 + wave), observedAt, source: 'device', deviceId: 'e2e-monitor' });
    if (second % 5 === 0) {
      // A brief desaturation at minute 18, otherwise 96–98 %.
      const spo2 = minute > 18 && minute < 19 ? 92 : Math.round(97.2 + Math.sin(second / 170) * 0.9);
      readings.push({ id: randomUUID(), sessionId: session.id, kind: 'spo2', value: spo2, observedAt, source: 'device', deviceId: 'e2e-monitor', onOxygen: false });
    }
    if (second % 300 === 0) {
      readings.push({ id: randomUUID(), sessionId: session.id, kind: 'bloodPressure', systolic: Math.round(122 + minute), diastolic: Math.round(78 + minute / 2), observedAt, source: 'device', deviceId: 'e2e-monitor' });
    }
    if (second % 600 === 0) readings.push({ id: randomUUID(), sessionId: session.id, kind: 'respiratoryRate', value: 14 + (second % 1200 === 0 ? 1 : 0), observedAt, source: 'manual' });
  }
  for (let index = 0; index < readings.length; index += 1000) {
    expectStatus(await nurse.post('/api/observations', { observations: readings.slice(index, index + 1000) }), 201);
  }
  return session;
}

/** A page signed in through the form, on the ward. */
async function signedIn(context: BrowserContext, baseUrl: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('chairside-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-connection]').waitFor();
  return page;
}

/** Which heart-rate reading each card shows, by session id. */
async function heartRateIdsBySession(page: Page): Promise<Map<string, string>> {
  const pairs = await page.locator('article.session-card').evaluateAll((cards) =>
    cards.map((card) => [card.getAttribute('data-session-id') ?? '', card.querySelector('[data-kind="heartRate"]')?.getAttribute('data-observation-id') ?? '']),
  );
  return new Map(pairs.map(([sessionId = '', id = '']) => [sessionId, id]));
}

/** Waits for the element, then reads its text (playwright-core has no assertion library). */
async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

async function chartState(chart: Locator): Promise<{ points: number; drawn: number; fullResolution: boolean }> {
  const [points, drawn, full] = await chart.evaluate((figure) => [figure.getAttribute('data-points'), figure.getAttribute('data-drawn'), figure.getAttribute('data-full-resolution')]);
  return { points: Number(points), drawn: Number(drawn), fullResolution: full === 'true' };
}

/** Drags across the plot from one fraction of its width to another. */
async function dragAcross(page: Page, chart: Locator, from: number, to: number): Promise<void> {
  const plot = chart.locator('.vital-chart__plot');
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  if (!box) throw new Error('the chart has no box');
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
}

async function hoverAt(page: Page, chart: Locator, at: number): Promise<void> {
  const plot = chart.locator('.vital-chart__plot');
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  if (!box) throw new Error('the chart has no box');
  await page.mouse.move(box.x + box.width * at, box.y + box.height / 2, { steps: 3 });
}

async function verticalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollHeight - window.innerHeight));
}

async function setTheme(page: Page, theme: 'day' | 'night'): Promise<void> {
  const toggle = page.locator('[data-theme-toggle]');
  if ((await toggle.getAttribute('aria-pressed')) !== String(theme === 'night')) await toggle.click();
  await page.mouse.move(0, 0);
}

async function saveScreenshots(page: Page, name: string, check?: () => Promise<void>, fullPage = false): Promise<void> {
  for (const viewport of [VIEWPORTS.tablet, VIEWPORTS.wall]) {
    await page.setViewportSize(viewport);
    // Let the grid and the charts settle into the new width before the picture.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await page.waitForTimeout(80);
    await check?.();
    await page.screenshot({ path: path.join(artifactsDir, `${name}-${viewport.width}x${viewport.height}.png`) });
  }
  if (fullPage) await page.screenshot({ path: path.join(artifactsDir, `${name}-${VIEWPORTS.wall.width}x${VIEWPORTS.wall.height}-full.png`), fullPage: true });
}

/**
 * Script errors, CSP refusals and failed requests, except the 401 the sign-in flow causes on
 * purpose (the refused password) and the 400 a refused correction is expected to produce.
 */
function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  const expected401 = /\/api\/auth\/login$/;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().includes('401') && expected401.test(message.location().url)) return;
    problems.push(`console: ${message.text()}`);
  });
  return problems;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluated over CDP, so the page's CSP stays in force): no violations at all. */
async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations.map((violation) => `${violation.impact}: ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
  });
  expect(violations).toEqual([]);
}

async function postObservation(client: ApiClient, observation: ObservationInput): Promise<void> {
  expectStatus(await client.post('/api/observations', { observations: [observation] }), 201);
}
