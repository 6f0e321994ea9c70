import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { type BrowserSuite, artifactsDir, axeViolations, bookSession, startBrowserSuite } from '../support/browserSuite.ts';
import { CHROMIUM_PATH, chromiumAvailable } from '../support/chromium.ts';
import { createChair, createPatient, readSession } from '../support/clinic.ts';
import { describeWhen } from '../support/requirements.ts';
import type { TestServer } from '../support/testServer.ts';
import { fixture, postHl7 } from '../fixtures/ingest/support.ts';

/**
 * The Devices page: a nurse imports a monitor's CSV export through the column mapping and its
 * preview into the running session, and places an HL7 message from an unmapped monitor from the inbox.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'device import and inbox in Chromium', () => {
  let suite: BrowserSuite;
  let server: TestServer;
  let nurse: ApiClient;
  let session: SessionSummary;
  let patient: Patient;
  let token = '';
  const problems: string[] = [];

  beforeAll(async () => {
    suite = await startBrowserSuite();
    server = suite.server;
    nurse = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
    const chair = await createChair(admin);
    patient = await createPatient(nurse, { mrn: 'TF-1001', name: 'Ingrid Solberg' });
    const created = await bookSession(server, nurse, patient.id, chair.id);
    session = expectStatus(await nurse.post<{ session: SessionSummary }>(`/api/sessions/${created.id}/phase`, { to: 'baseline' }), 200).session;
    token = expectStatus(await admin.post<{ token: string }>('/api/admin/device-tokens', { name: 'Gateway e2e' }), 201).token;
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('imports a CSV through column mapping and preview into the session, and assigns an unmatched HL7 message from the inbox', async () => {
    const { context, page } = await suite.openPage({ as: 'nurse', link: 'Devices', heading: 'Import a device export', problems });

    // A trend export: a preamble line, times without a zone, a Fahrenheit column, and one bad row.
    const minute = (m: number) => new Date(Date.now() - (10 - m) * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    const csv = [
      'Acme VitalsView trend export',
      'Time,HR (bpm),SpO2 (%),Temp (F),Comment',
      `${minute(0)},71,98,98.6,ok`,
      `${minute(2)},74,97,98.8,ok`,
      `${minute(4)},not-a-number,96,99.0,probe off`,
    ].join('\n');
    await page.getByLabel('Device export file', { exact: true }).setInputFiles({ name: 'vitalsview.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('group', { name: 'Column mapping' }).waitFor();
    await page.getByLabel('Session', { exact: true }).selectOption(session.id);
    await page.getByLabel('Time zone for times without one').fill('UTC');
    await page.getByLabel('Device model').fill('Acme VitalsView e2e');
    expect(await page.getByLabel('Time column').inputValue()).toBe('Time');
    expect(await page.getByLabel('Vital sign in column HR (bpm)').inputValue()).toBe('heartRate');
    expect(await page.getByLabel('Unit of column Temp (F)').inputValue()).toBe('°F');
    expect(await page.getByLabel('Vital sign in column Comment').inputValue()).toBe('');
    // A unit that does not fit the vital is refused next to its column.
    await page.getByLabel('Unit of column SpO2 (%)').fill('mmHg');
    await page.getByRole('button', { name: 'Preview' }).click();
    const unitError = page.locator('tr[data-column="SpO2 (%)"] .admin-field__error');
    await unitError.waitFor();
    expect(await page.getByLabel('Unit of column SpO2 (%)').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Unit of column SpO2 (%)').fill('%');
    await page.getByRole('button', { name: 'Preview' }).click();

    const preview = page.locator('table[data-preview-rows]');
    await preview.waitFor();
    expect(await page.locator(`table.ingest-preview tbody tr[data-session-id="${session.id}"][data-status="ok"]`).count()).toBe(8);
    expect(await page.locator('.ingest-issues li[data-severity="error"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.ingest-issues').textContent()).toContain('row 5');
    expect(await preview.textContent()).toContain(patient.mrn);
    const commit = page.getByRole('button', { name: /^Commit 8 readings/ });
    expect(await commit.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'ingest-import-preview.png'), fullPage: true });
    await page.getByLabel('Import the rows that are fine, leave the rows with errors').check();
    await commit.click();
    await page.locator('[data-import-result]').waitFor();
    expect(await page.locator('[data-import-result]').textContent()).toContain('Stored 8 readings');

    const afterImport = (await readSession(nurse, session.id)).observations;
    expect(afterImport.filter((o) => o.source === 'import').map((o) => [o.kind, o.value]).sort()).toEqual(
      [
        ['heartRate', 71],
        ['heartRate', 74],
        ['spo2', 96],
        ['spo2', 97],
        ['spo2', 98],
        ['temperature', 37],
        ['temperature', 37.11],
        ['temperature', 37.22],
      ].sort(),
    );
    // The mapping is remembered for the model.
    const remembered = expectStatus(await nurse.get<{ mappings: Array<{ deviceModel: string }> }>('/api/imports/column-mappings'), 200).mappings;
    expect(remembered.map((m) => m.deviceModel)).toContain('Acme VitalsView e2e');

    // An HL7 message from a monitor no chair is mapped to waits in the inbox.
    const { acks } = await postHl7(server.baseUrl, token, fixture('hl7-test-flags.hl7'));
    expect(acks[0]).toMatchObject({ ackCode: 'AE', stored: 0 });
    await page.getByRole('navigation', { name: 'Devices' }).getByRole('link', { name: 'Inbox' }).click();
    const row = page.locator(`tr[data-inbox-id="${acks[0]?.inboxId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('No chair is mapped to this device');
    expect(await row.textContent()).toContain('00A0370000000042');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'ingest-inbox.png'), fullPage: true });
    await row.getByRole('combobox').selectOption(session.id);
    await row.getByRole('button', { name: 'Assign' }).click();
    await page.getByText(/Assigned: 2 readings recorded/).waitFor();
    await row.waitFor({ state: 'detached' });
    const device = (await readSession(nurse, session.id)).observations.filter((o) => o.source === 'device');
    expect(device.map((o) => [o.kind, o.value]).sort()).toEqual([
      ['heartRate', 72],
      ['spo2', 97],
    ]);

    await page.getByRole('navigation', { name: 'Devices' }).getByRole('link', { name: 'Status' }).click();
    await page.locator('tr[data-device-id="00A0370000000042"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The one 422 is the preview refused for the wrong unit, on purpose.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
    await context.close();
  }, 60_000);
});
