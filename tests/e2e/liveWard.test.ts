import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoSimulator } from '../../server/demo/simulator.ts';
import { createLogger } from '../../server/logger.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import type { WardSession } from '../../shared/schemas/session.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifactsDir = path.join(repoRoot, 'test-artifacts');

/**
 * Real-time speed: the chairs start with realistic histories (so the screenshots show real
 * trends) and none is discharged while the test runs. The monitor still ticks every 5 s.
 */
const SIM_SPEED = 1;
const DEVICE_TICK_MS = 5_000;
/** One device tick plus the socket hop, with room for a slow CI machine. */
const LIVE_WITHIN_MS = DEVICE_TICK_MS * 2 + 2_000;

const VIEWPORTS = {
  desktop: { width: 1920, height: 1080 },
  tablet: { width: 1024, height: 768 },
} as const;

describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'live ward in Chromium', () => {
  let server: TestServer;
  let simulator: DemoSimulator;
  let browser: Browser;
  let nurseCookie: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    server = await startTestServer(tempSqlite(), { clientDir });
    simulator = new DemoSimulator(server.server.services, server.cast, createLogger('silent'), SIM_SPEED);
    await simulator.start();
    nurseCookie = await server.signIn('nurse');
    browser = await launchChromium();
  });

  afterAll(async () => {
    simulator?.stop();
    await browser?.close();
    await server?.close();
  });

  it('signs in, follows the ward live, and opens a session whose charts grow live', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: 'light' });
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

    // The ward: one card per running chair, the header shows who and that updates are live.
    const cards = page.locator('article.session-card');
    await cards.nth(5).waitFor();
    expect(await cards.count()).toBe(6);
    expect(await textOf(page.getByRole('banner'))).toContain('Dr. Paul Physician');
    await page.locator('[data-connection="live"]').waitFor();

    // Nothing below may reload the page: this mark would vanish.
    await page.evaluate(() => {
      document.documentElement.dataset.e2eNoReload = 'kept';
    });

    // A reading posted by another client appears on its card, flagged, without a reload.
    const ward = await apiGet<{ sessions: WardSession[] }>(server, '/api/ward');
    const chairOne = ward.sessions.find((session) => session.chair.label === 'Chair 1');
    if (!chairOne) throw new Error('the simulator did not start Chair 1');
    await postObservation(server, nurseCookie, { id: randomUUID(), sessionId: chairOne.id, kind: 'temperature', value: 38.6, observedAt: new Date().toISOString() });
    const temperatureTile = page.locator(`article[data-session-id="${chairOne.id}"] [data-kind="temperature"]`);
    await temperatureTile.locator('.vital-tile__number', { hasText: '38.6' }).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await textOf(temperatureTile.locator('.reading-flag'))).toContain('High');

    // The simulated monitor's ticks replace the cards' heart rates. (Right after start-up the
    // simulator's chairs tick at staggered times, so watch them all and follow the first.)
    const shownHeartRates = await heartRateIdsBySession(page);
    let tickedSessionId: string | undefined;
    await expect
      .poll(
        async () => {
          const now = await heartRateIdsBySession(page);
          tickedSessionId = [...now].find(([sessionId, id]) => shownHeartRates.get(sessionId) !== id)?.[0];
          return tickedSessionId;
        },
        { timeout: LIVE_WITHIN_MS, interval: 250 },
      )
      .toBeDefined();
    expect(await page.evaluate(() => document.documentElement.dataset.e2eNoReload)).toBe('kept');

    // The server drops every socket, as on a restart: the header says so, and a reading recorded
    // meanwhile shows up once the tab reconnects and re-subscribes from its last seq.
    server.server.io.disconnectSockets(true);
    await page.locator('[data-connection="offline"], [data-connection="reconnecting"]').waitFor();
    const missedId = randomUUID();
    await postObservation(server, nurseCookie, { id: missedId, sessionId: chairOne.id, kind: 'respiratoryRate', value: 19, observedAt: new Date().toISOString() });
    await page.locator('[data-connection="live"]').waitFor({ timeout: LIVE_WITHIN_MS });
    await page.locator(`article[data-session-id="${chairOne.id}"] [data-observation-id="${missedId}"]`).waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await page.evaluate(() => document.documentElement.dataset.e2eNoReload)).toBe('kept');

    await expectNoSeriousAxeViolations(page);
    await saveScreenshots(page, 'ward');

    // Open the chair that just ticked: its charts render, then grow with its next readings.
    await page.setViewportSize(VIEWPORTS.desktop);
    const live = ward.sessions.find((session) => session.id === tickedSessionId) ?? chairOne;
    await page.locator(`article[data-session-id="${live.id}"] a.session-card__link`).click();
    await page.waitForURL(`**/sessions/${live.id}`);
    const heartChart = page.locator('figure[data-chart="heart-oxygen"]');
    await heartChart.locator('.recharts-line-curve').first().waitFor();
    const pointsBefore = await pointCount(heartChart);
    expect(pointsBefore).toBeGreaterThan(0);
    await expect.poll(() => pointCount(heartChart), { timeout: LIVE_WITHIN_MS, interval: 250 }).toBeGreaterThan(pointsBefore);

    // A nurse's count posted elsewhere lands on the respiratory chart and in the table.
    const respiratoryChart = page.locator('figure[data-chart="respiratory-rate"]');
    const respiratoryBefore = await pointCount(respiratoryChart);
    const respiratoryId = randomUUID();
    await postObservation(server, nurseCookie, { id: respiratoryId, sessionId: live.id, kind: 'respiratoryRate', value: 24, observedAt: new Date().toISOString() });
    await expect.poll(() => pointCount(respiratoryChart), { timeout: LIVE_WITHIN_MS, interval: 250 }).toBe(respiratoryBefore + 1);
    await page.locator(`tr[data-observation-id="${respiratoryId}"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.e2eNoReload)).toBe('kept');

    await expectNoSeriousAxeViolations(page);
    await saveScreenshots(page, 'session');

    expect(pageProblems).toEqual([]);
    await context.close();
  }, 50_000);
});

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

async function pointCount(chart: Locator): Promise<number> {
  return Number((await chart.getAttribute('data-points')) ?? 'NaN');
}

async function saveScreenshots(page: Page, name: string): Promise<void> {
  // No hover state in the pictures.
  await page.mouse.move(0, 0);
  for (const viewport of Object.values(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    // Let the grid and the charts settle into the new width before the picture.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await page.screenshot({ path: path.join(artifactsDir, `${name}-${viewport.width}x${viewport.height}.png`) });
  }
}

/**
 * Script errors, CSP refusals and failed requests, except the 401 the sign-in flow causes on
 * purpose (the refused password).
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

/** Runs axe-core in the page (evaluated over CDP, so the page's CSP stays in force). */
async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
  });
  expect(violations).toEqual([]);
}

async function apiGet<T>(server: TestServer, apiPath: string): Promise<T> {
  const cookie = await server.signIn('physician');
  const response = await fetch(`${server.baseUrl}${apiPath}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${apiPath} answered ${response.status}`);
  return (await response.json()) as T;
}

async function postObservation(server: TestServer, cookie: string, observation: ObservationInput): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/observations`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ observations: [observation] }),
  });
  if (response.status !== 201) throw new Error(`POST /api/observations answered ${response.status}: ${await response.text()}`);
}
