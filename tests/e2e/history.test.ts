import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, collectPageProblems, launchChromium, signInThroughForm } from '../support/chromium.ts';
import { bloodPressure, createChair, createPatient, heartRate, spo2 } from '../support/clinic.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifacts = path.join(repoRoot, 'test-artifacts');
const MRN = 'MRN-HIST-0815';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A fixed past morning: check-in 15 min before the infusion, discharge at +105 min. */
const t = (minutes: number) => new Date(Date.parse('2026-11-20T08:00:00Z') + minutes * 60_000).toISOString().replace('Z', '+00:00');

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The physician's look back: find a finished session by MRN and date, open its report, and print
 * it to an A4 PDF that reads like a clinical document (checked as PNG pages too).
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'history and printable report in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let servedDir = '';
  let session: SessionSummary;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    servedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-client-'));
    fs.cpSync(clientDir, servedDir, { recursive: true });
    server = await startTestServer(tempSqlite(), { clientDir: servedDir });
    const nurse = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    const chair = await createChair(admin);
    const patient = await createPatient(nurse, { mrn: MRN, name: 'Hedda Lindqvist', dateOfBirth: '1971-03-09', weightKg: 70 });
    session = expectStatus(
      await nurse.post<{ session: SessionSummary }>('/api/sessions', {
        id: randomUUID(),
        patientId: patient.id,
        chairId: chair.id,
        indication: 'treatmentResistantDepression',
        doseMgPerKg: 0.5,
        plannedInfusionMinutes: 40,
        nurseId: server.cast.nurse.userId,
        physicianId: server.cast.physicianId,
      }),
      201,
    ).session;
    const id = session.id;
    const obs = (...items: unknown[]) => nurse.post('/api/observations', { observations: items });
    expectStatus(await nurse.post(`/api/sessions/${id}/phase`, { to: 'baseline', at: t(-15) }), 200);
    expectStatus(await obs(bloodPressure(id, 128, 80, t(-10)), heartRate(id, 72, t(-10)), spo2(id, 98, t(-10))), 201);
    expectStatus(await nurse.post(`/api/sessions/${id}/infusion-events`, { id: randomUUID(), kind: 'started', at: t(0) }), 201);
    expectStatus(await obs(bloodPressure(id, 146, 90, t(40)), heartRate(id, 94, t(40)), spo2(id, 96, t(40))), 201);
    expectStatus(await nurse.post(`/api/sessions/${id}/infusion-events`, { id: randomUUID(), kind: 'stopped', at: t(42) }), 201);
    expectStatus(await obs(bloodPressure(id, 130, 82, t(95)), heartRate(id, 76, t(95))), 201);
    expectStatus(await nurse.post(`/api/sessions/${id}/discharge-checks`, { escortPresent: true, instructionsGiven: true, at: t(98) }), 200);
    expectStatus(await nurse.post(`/api/sessions/${id}/phase`, { to: 'discharged', at: t(105) }), 200);
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (servedDir) fs.rmSync(servedDir, { recursive: true, force: true });
  });

  it('finds the session by MRN and date range, and prints its report to an A4 PDF', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', colorScheme: 'light' });
    const page = await context.newPage();
    collectPageProblems(page, problems);
    await signInThroughForm(page, server.baseUrl, 'physician');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'Session history' }).waitFor();

    // The session was created today (the record's own times are in the past): search today ± 1 day.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Patient name or MRN').fill(MRN);
    await page.getByLabel('From').fill(day(-1));
    await page.getByLabel('To', { exact: true }).fill(day(1));
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator(`tr[data-session-id="${session.id}"]`);
    await row.waitFor();
    expect(await page.locator('table[data-results]').getAttribute('data-results')).toBe('1');
    expect(await row.textContent()).toContain(MRN);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('completed');
    expect(await axeViolations(page)).toEqual([]);

    // A range that ends before today finds nothing.
    await page.getByLabel('From').fill(day(-5));
    await page.getByLabel('To', { exact: true }).fill(day(-2));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No sessions match').waitFor();
    await page.getByLabel('To', { exact: true }).fill(day(1));
    await page.getByRole('button', { name: 'Search' }).click();
    await row.waitFor();

    await page.screenshot({ path: path.join(artifacts, 'history.png'), fullPage: true });

    // The patient's name opens their series: the session side by side, with trends across sessions.
    await row.getByRole('link', { name: 'Hedda Lindqvist', exact: true }).click();
    await page.getByRole('heading', { name: 'Hedda Lindqvist — sessions' }).waitFor();
    const seriesRow = page.locator('table[data-series="1"] tbody tr');
    expect(await seriesRow.textContent()).toMatch(/146 mmHg.*94\/min.*96 %/);
    await page.locator('.series-chart svg.recharts-surface').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'patient-series.png'), fullPage: true });
    await page.goBack();
    await row.waitFor();

    await row.getByRole('link', { name: /^Report of/ }).click();
    await page.waitForURL(`**/sessions/${session.id}/report`);
    await page.locator(`[data-report="${session.id}"]`).waitFor();
    await page.locator('[data-chart="report-vitals"] svg .recharts-line').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The record is complete, so a physician can sign it; the block then names who and when.
    await page.getByRole('button', { name: 'Sign the record' }).click();
    await page.locator('.report__signatures', { hasText: 'Dr. Paul Physician' }).waitFor();

    const pdfPath = path.join(artifacts, 'report.pdf');
    for (const old of fs.readdirSync(artifacts).filter((f) => /^report-page-\d+\.png$/.test(f))) fs.rmSync(path.join(artifacts, old));
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    let pages: string[];
    if (hasTool('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '80', pdfPath, path.join(artifacts, 'report-page')]);
      // pdftoppm numbers report-page-1.png or report-page-01.png by page count: normalise.
      for (const file of fs.readdirSync(artifacts)) {
        const match = /^report-page-0*(\d+)\.png$/.exec(file);
        if (match && file !== `report-page-${match[1]}.png`) fs.renameSync(path.join(artifacts, file), path.join(artifacts, `report-page-${match[1]}.png`));
      }
      pages = fs.readdirSync(artifacts).filter((f) => /^report-page-\d+\.png$/.test(f));
    } else {
      // No poppler: let Chromium's PDF viewer render it and keep one screenshot.
      const viewer = await context.newPage();
      await viewer.goto(`file://${pdfPath}`).catch(() => undefined);
      await viewer.waitForTimeout(1000);
      await viewer.screenshot({ path: path.join(artifacts, 'report-page-1.png') });
      pages = ['report-page-1.png'];
    }
    expect(pages.length).toBeGreaterThanOrEqual(1);

    const text = hasTool('pdftotext') ? execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString() : ((await page.locator('.report').textContent()) ?? '');
    if (hasTool('pdfinfo')) {
      const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())?.[1] ?? 0);
      expect(count).toBeGreaterThanOrEqual(1);
      expect(pages.length).toBe(count);
    }
    expect(text).toContain(MRN);
    expect(text).toContain('Blood pressure');
    expect(text).not.toContain('Sign the record');

    await context.close();
    expect(problems).toEqual([]);
  }, 55_000);
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.impact}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
  }, WCAG_TAGS);
}
