import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { type BrowserSuite, artifactsDir, axeViolations, bookSession, startBrowserSuite } from '../support/browserSuite.ts';
import { CHROMIUM_PATH, chromiumAvailable } from '../support/chromium.ts';
import { bloodPressure, createChair, createPatient, heartRate, spo2 } from '../support/clinic.ts';
import { describeWhen } from '../support/requirements.ts';

const MRN = 'MRN-HIST-0815';

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
  let suite: BrowserSuite;
  let session: SessionSummary;
  const problems: string[] = [];

  beforeAll(async () => {
    suite = await startBrowserSuite();
    const { server } = suite;
    const nurse = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    const chair = await createChair(admin);
    const patient = await createPatient(nurse, { mrn: MRN, name: 'Hedda Lindqvist', dateOfBirth: '1971-03-09', weightKg: 70 });
    session = await bookSession(server, nurse, patient.id, chair.id, { bookedAt: t(-30) });
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
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('finds the session by MRN and date range, and prints its report to an A4 PDF', async () => {
    const { context, page } = await suite.openPage({ as: 'physician', link: 'History', heading: 'Session history', problems });

    // The session's day is its booking's (entered late, like the rest of its record): search that day ± 1.
    const day = (offset: number) => new Date(Date.parse(t(0)) + offset * 86_400_000).toISOString().slice(0, 10);
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

    await page.screenshot({ path: path.join(artifactsDir, 'history.png'), fullPage: true });

    // The patient's name opens their series: the session side by side, with trends across sessions.
    await row.getByRole('link', { name: 'Hedda Lindqvist', exact: true }).click();
    await page.getByRole('heading', { name: 'Hedda Lindqvist — sessions' }).waitFor();
    const seriesRow = page.locator('table[data-series="1"] tbody tr');
    expect(await seriesRow.textContent()).toMatch(/146 mmHg.*94\/min.*96 %/);
    await page.locator('.series-chart svg.recharts-surface').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'patient-series.png'), fullPage: true });
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

    const pdfPath = path.join(artifactsDir, 'report.pdf');
    for (const old of fs.readdirSync(artifactsDir).filter((f) => /^report-page-\d+\.png$/.test(f))) fs.rmSync(path.join(artifactsDir, old));
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    let pages: string[];
    if (hasTool('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '80', pdfPath, path.join(artifactsDir, 'report-page')]);
      // pdftoppm numbers report-page-1.png or report-page-01.png by page count: normalise.
      for (const file of fs.readdirSync(artifactsDir)) {
        const match = /^report-page-0*(\d+)\.png$/.exec(file);
        if (match && file !== `report-page-${match[1]}.png`) fs.renameSync(path.join(artifactsDir, file), path.join(artifactsDir, `report-page-${match[1]}.png`));
      }
      pages = fs.readdirSync(artifactsDir).filter((f) => /^report-page-\d+\.png$/.test(f));
    } else {
      // No poppler: let Chromium's PDF viewer render it and keep one screenshot.
      const viewer = await context.newPage();
      await viewer.goto(`file://${pdfPath}`).catch(() => undefined);
      await viewer.waitForTimeout(1000);
      await viewer.screenshot({ path: path.join(artifactsDir, 'report-page-1.png') });
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
