import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SessionInput, SessionSummary } from '../../shared/schemas/session.ts';
import { type ApiClient, expectStatus } from './api.ts';
import { collectPageProblems, launchChromium, signInThroughForm } from './chromium.ts';
import { type TestServer, startTestServer, tempSqlite } from './testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');

/** Where the browser suites leave screenshots and documents for review. */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

/** A demo server serving the client build, and Chromium to look at it. */
export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  /**
   * A fresh tab at laptop size in UTC, its page problems collected into `problems`, signed in
   * through the form and on the page a link of the main navigation opens (waited for by heading).
   */
  openPage(options: { as: string; link: string; heading: string; problems: string[] }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * Starts the server on a throwaway SQLite database. It serves a copy of the build: a rebuild
 * running meanwhile empties dist/ and would pull the page from under the test.
 */
export async function startBrowserSuite(): Promise<BrowserSuite> {
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
  }
  const servedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-client-'));
  let server: TestServer | undefined;
  try {
    fs.cpSync(clientDir, servedDir, { recursive: true });
    server = await startTestServer(tempSqlite(), { clientDir: servedDir });
    const browser = await launchChromium();
    fs.mkdirSync(artifactsDir, { recursive: true });
    const running = server;
    return {
      server: running,
      browser,
      async openPage({ as, link, heading, problems }) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', colorScheme: 'light' });
        const page = await context.newPage();
        collectPageProblems(page, problems);
        await signInThroughForm(page, running.baseUrl, as);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: heading }).waitFor();
        return { context, page };
      },
      async close() {
        try {
          await browser.close();
          await running.close();
        } finally {
          fs.rmSync(servedDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await server?.close();
    fs.rmSync(servedDir, { recursive: true, force: true });
    throw error;
  }
}

/** A 0.5 mg/kg, 40-minute session booked by `nurse` for the demo nurse and physician. */
export async function bookSession(server: TestServer, nurse: ApiClient, patientId: string, chairId: string, overrides: Partial<SessionInput> = {}): Promise<SessionSummary> {
  const response = await nurse.post<{ session: SessionSummary }>('/api/sessions', {
    id: randomUUID(),
    patientId,
    chairId,
    indication: 'treatmentResistantDepression',
    doseMgPerKg: 0.5,
    plannedInfusionMinutes: 40,
    nurseId: server.cast.nurse.userId,
    physicianId: server.cast.physicianId,
    ...overrides,
  });
  return expectStatus(response, 201).session;
}

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG violations on the page as it stands, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // From the top: content scrolled half under the sticky header would count as an obscured target.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.impact}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
  }, WCAG_TAGS);
}
