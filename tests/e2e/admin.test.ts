import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions.ts';
import type { SessionRecord, SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { heartRate, openSession } from '../support/clinic.ts';
import type { ServerFixture } from '../support/engines.ts';
import { describeWhen } from '../support/requirements.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(repoRoot, 'dist/client');
const artifactsDir = path.join(repoRoot, 'test-artifacts');

const VIEWPORTS = {
  desktop: { width: 1920, height: 1080 },
  tablet: { width: 1024, height: 768 },
  portrait: { width: 768, height: 1024 },
} as const;

/** The admin's new nurse: a password the policy refuses, then a good one, then a reset. */
const NEW_NURSE = { displayName: 'Nadia Novak, RN', username: 'nnovak', weakPassword: 'infusion', password: 'Infusion-2026!', resetPassword: 'Chairside-4-Nadia' };

/**
 * Administration end to end in Chromium: accounts made and changed through the UI, device tokens,
 * the audit trail, what a reviewer is (not) offered, and the sign-in ending — by idling out (with
 * a warning) or by the server — each landing on the sign-in page with the reason.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'administration and sign-in hardening in Chromium', () => {
  /** The usual policy (15 idle minutes); sockets re-checked often so a reset shows within seconds. */
  let server: TestServer;
  let fx: ServerFixture;
  let browser: Browser;
  let admin: Page;
  let adminContext: BrowserContext;
  let session: SessionSummary;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      throw new Error(`${clientDir} has no build: run \`npm run build\` first (\`npm test\` does)`);
    }
    fs.mkdirSync(artifactsDir, { recursive: true });
    [server, browser] = await Promise.all([startTestServer(tempSqlite(), { clientDir, socketRecheckMs: 300 }), launchChromium()]);
    fx = await fixtureFor(server, ['nurse', 'admin', 'physician']);
    // A chair with a patient checked in, for the nurse to record on and the reviewer to read.
    session = await openSession(fx);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [heartRate(session.id, 68, new Date().toISOString())] }), 201);
    adminContext = await newContext(browser, { viewport: VIEWPORTS.desktop, colorScheme: 'light' });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    admin = await adminContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an admin creates a nurse through the UI; she signs in and records; a password reset ends her sign-in', async () => {
    const problems = collectPageProblems(admin);
    await signIn(admin, server.baseUrl, 'admin');
    // An administrator has no ward: home is the administration, whose first section is Users; the
    // device feed's status and mappings are also theirs to see.
    await admin.waitForURL('**/admin/users');
    const nav = admin.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Devices', 'Admin']);
    await admin.locator('tr[data-username="admin"]').waitFor();

    // A weak password is refused next to its field, before anything is sent.
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Create account' }) });
    await form.getByLabel('Full name').fill(NEW_NURSE.displayName);
    await form.getByLabel('User name').fill(NEW_NURSE.username);
    expect(await form.getByRole('checkbox', { name: 'Nurse' }).isChecked()).toBe(true);
    await form.getByLabel('First password').fill(NEW_NURSE.weakPassword);
    await form.getByRole('button', { name: 'Create account' }).click();
    const password = form.getByLabel('First password');
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(admin, password)).toContain('at least 10 characters');
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    expect(await admin.locator(`tr[data-username="${NEW_NURSE.username}"]`).count()).toBe(0);

    await password.fill(NEW_NURSE.password);
    await form.getByRole('button', { name: 'Create account' }).click();
    const row = admin.locator(`tr[data-username="${NEW_NURSE.username}"]`);
    await row.waitFor();
    expect(await textOf(admin.locator('.admin-notice'))).toContain(`Account created for ${NEW_NURSE.displayName}`);
    expect(await row.locator('.admin-badge').allTextContents()).toEqual(['Nurse']);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('active');
    // The form is ready for the next person.
    expect(await form.getByLabel('Full name').inputValue()).toBe('');

    // The nurse signs in on her tablet and records a heart rate at the bedside.
    const nurseContext = await newContext(browser, { viewport: VIEWPORTS.tablet, colorScheme: 'light' });
    const nurse = await nurseContext.newPage();
    // The server closes her socket when her sign-in ends; a poll in flight then answers 400.
    const nurseProblems = collectPageProblems(nurse, [/\/socket\.io\//]);
    await signIn(nurse, server.baseUrl, NEW_NURSE.username, NEW_NURSE.password);
    await nurse.getByRole('banner').getByText(NEW_NURSE.displayName).waitFor();
    await nurse.goto(`${server.baseUrl}/sessions/${session.id}/record`);
    await nurse.getByLabel('Heart rate').fill('72');
    await nurse.getByLabel('Heart rate').press('Enter');
    await nurse.locator('.entry-vitals .entry-status-line[data-entry-stage="sent"]').waitFor();
    const stored = expectStatus(await fx.api('physician').get<{ session: SessionRecord }>(`/api/sessions/${session.id}`), 200);
    expect(stored.session.latest.find((reading) => reading.kind === 'heartRate')).toMatchObject({ value: 72, recordedByName: NEW_NURSE.displayName });

    // The admin gives her a second role, then resets her password: her open sign-in ends, and
    // her screen goes back to sign-in and says why.
    await row.getByRole('button', { name: `Roles of ${NEW_NURSE.displayName}` }).click();
    const rolesDialog = admin.getByRole('dialog', { name: `Roles of ${NEW_NURSE.displayName}` });
    await rolesDialog.getByRole('checkbox', { name: 'Physician' }).check();
    await rolesDialog.getByRole('button', { name: 'Save roles' }).click();
    await rolesDialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('.admin-badge').allTextContents()).toEqual(['Nurse', 'Physician']);

    await row.getByRole('button', { name: `Reset password of ${NEW_NURSE.displayName}` }).click();
    const resetDialog = admin.getByRole('dialog', { name: `Reset the password of ${NEW_NURSE.displayName}` });
    await resetDialog.getByLabel('New password').fill('short');
    await resetDialog.getByRole('button', { name: 'Reset password' }).click();
    expect(await describedText(admin, resetDialog.getByLabel('New password'))).toContain('at least 10 characters');
    await expectNoSeriousAxeViolations(admin);
    await resetDialog.getByLabel('New password').fill(NEW_NURSE.resetPassword);
    await resetDialog.getByRole('button', { name: 'Reset password' }).click();
    await resetDialog.waitFor({ state: 'detached' });
    expect(await textOf(admin.locator('.admin-notice'))).toContain(`Password reset for ${NEW_NURSE.displayName}`);

    await nurse.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    expect(await textOf(nurse.locator('[data-sign-out-notice]'))).toBe('Your sign-in has ended. Sign in again to continue.');
    // Nothing of the session stays on the screen.
    expect(await nurse.locator('.entry-screen').count()).toBe(0);

    expect(problems).toEqual([]);
    expect(nurseProblems).toEqual([]);
    await nurseContext.close();
  }, 30_000);

  it('a reviewer can read the ward and a session but is offered no control that writes', async () => {
    const context = await newContext(browser, { viewport: VIEWPORTS.desktop, colorScheme: 'light' });
    const reviewer = await context.newPage();
    const problems = collectPageProblems(reviewer);
    await signIn(reviewer, server.baseUrl, 'reviewer');

    // The ward: cards to read, history to review, no way to the bedside, scheduling or administration.
    const card = reviewer.locator(`article[data-session-id="${session.id}"]`);
    await card.waitFor();
    expect(await reviewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Overview', 'History']);
    expect(await writeControls(reviewer)).toEqual([]);

    // The session's history: readable in full, nothing to record, correct or act on.
    await reviewer.goto(`${server.baseUrl}/sessions/${session.id}`);
    await reviewer.getByRole('heading', { level: 1 }).first().waitFor();
    await reviewer.locator('[data-observation-id]').first().waitFor();
    expect(await writeControls(reviewer)).toEqual([]);

    // Typed-in addresses of the write screens have no control that acts either. (No link on the
    // reviewer's screens leads there; the bedside list still links its chairs, to read-only screens.)
    await reviewer.goto(`${server.baseUrl}/sessions/${session.id}/record`);
    await reviewer.getByText('Your role can read this session but not record readings.').waitFor();
    expect(await writeControls(reviewer, { links: false })).toEqual([]);
    for (const address of ['/schedule', '/bedside', '/admin']) {
      await reviewer.goto(`${server.baseUrl}${address}`);
      await pageSettled(reviewer);
      expect({ address, controls: await writeControls(reviewer, { links: false }) }).toEqual({ address, controls: [] });
    }
    await reviewer.getByText('Your role cannot open the administration pages').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  }, 20_000);

  it('an admin creates a device token, sees it once, and revokes it', async () => {
    const problems = collectPageProblems(admin);
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Device tokens' }).click();
    await admin.waitForURL('**/admin/devices');
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Create token' }) });

    // The name is checked with the shared schema first.
    await form.getByRole('button', { name: 'Create token' }).click();
    expect(await describedText(admin, form.getByLabel('Device name'))).toContain('name the device');

    await form.getByLabel('Device name').fill('Room 2 bedside monitor');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = admin.locator('[data-new-token]');
    await secret.waitFor();
    expect(await textOf(secret)).toContain("you won't see this token again");
    const token = await secret.getByLabel('Device token').inputValue();
    expect(token).toMatch(/^csd_[\w-]{20,}$/);
    await secret.getByRole('button', { name: 'Copy', exact: true }).click();
    await secret.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expectNoSeriousAxeViolations(admin);
    await admin.mouse.move(0, 0);
    await admin.screenshot({ path: path.join(artifactsDir, 'admin-devices-day-1920x1080.png') });

    // The token works for a device…
    const device = (body: unknown) =>
      fetch(`${server.baseUrl}/api/observations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await device({ observations: [heartRate(session.id, 70, new Date().toISOString())] })).status).toBe(201);

    // …and is never shown again: not after "copied", not after a reload.
    await secret.getByRole('button', { name: 'I have copied it' }).click();
    await secret.waitFor({ state: 'detached' });
    await admin.reload();
    const row = admin.locator('tr[data-device-token="Room 2 bedside monitor"]');
    await row.waitFor();
    expect(await admin.content()).not.toContain(token);
    expect(await textOf(row)).toContain('just now');
    await expectFitsPortraitTablet(admin, admin.locator('table[data-admin-table="device-tokens"]'));
    await saveScreenshots(admin, 'admin-device-tokens');

    // Revoking asks first; then the device is refused.
    await row.getByRole('button', { name: 'Revoke Room 2 bedside monitor' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Revoke the token of Room 2 bedside monitor?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('active');
    await row.getByRole('button', { name: 'Revoke Room 2 bedside monitor' }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('revoked');
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await device({ observations: [heartRate(session.id, 71, new Date().toISOString())] })).status).toBe(401);

    expect(problems).toEqual([]);
  }, 20_000);

  it('the audit trail finds a nurse’s sign-in by user, shows changes readably, pages to older entries; admin pages pass axe; screenshots', async () => {
    const problems = collectPageProblems(admin);
    // Activity to find: the demo nurse signs in and records 55 readings, one request each (one
    // audit entry each), more than a page of the trail.
    const nurseApi = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const start = Date.parse('2026-11-20T08:00:00Z');
    for (let i = 0; i < 55; i += 1) {
      const reading = heartRate(session.id, 60 + (i % 20), new Date(start + i * 1000).toISOString());
      expectStatus(await nurseApi.post('/api/observations', { observations: [reading] }), 201);
    }

    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit trail' }).click();
    await admin.waitForURL('**/admin/audit');
    const filters = admin.getByRole('form', { name: 'Audit trail filters' });
    const results = admin.locator('table[data-admin-table="audit"] tbody tr');
    await results.first().waitFor();

    // By user and action: the nurse's sign-in, and only hers.
    await filters.getByLabel('User').selectOption({ label: 'Nora Nurse, RN (nurse)' });
    await filters.getByLabel('Action').selectOption({ label: 'Signed in' });
    await filters.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => new Set(await results.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-audit-action')} ${r.getAttribute('data-audit-user')}`)))).toEqual(
      new Set(['auth.signedIn nurse']),
    );
    expect(await textOf(results.first())).toContain('Nora Nurse, RN');
    expect(await textOf(results.first())).toContain('Signed in');

    // A date range that ends before today finds nothing; one that starts after its end is refused.
    await filters.getByLabel('From').fill('2026-01-01T00:00');
    await filters.getByLabel('To').fill('2025-12-31T00:00');
    await filters.getByRole('button', { name: 'Search' }).click();
    expect(await describedText(admin, filters.getByLabel('To'))).toContain('must be after the start');
    await filters.getByRole('button', { name: 'Clear' }).click();

    // The roles change made in the first test, before → after in words.
    await filters.getByLabel('Action').selectOption({ label: 'Roles changed' });
    await filters.getByRole('button', { name: 'Search' }).click();
    const rolesRow = admin.locator('tr[data-audit-action="user.rolesChanged"]').first();
    await rolesRow.waitFor();
    expect(await textOf(rolesRow.locator('.admin-changes'))).toMatch(/Roles\s*Nurse\s*→\s*changed to\s*Nurse, Physician/);

    // Newest first, a page at a time: "older" adds the next page below.
    await filters.getByLabel('Action').selectOption({ label: 'Observation recorded' });
    await filters.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => results.count()).toBe(50);
    const ids = async () => results.evaluateAll((rows) => rows.map((r) => r.querySelector('time')?.getAttribute('datetime') ?? ''));
    const firstPage = await ids();
    expect([...firstPage].sort().reverse()).toEqual(firstPage);
    await admin.getByRole('button', { name: 'Show older entries' }).click();
    await expect.poll(() => results.count()).toBeGreaterThan(50);
    expect((await ids()).slice(0, 50)).toEqual(firstPage);

    // Axe and pictures: everything the administrator did (accounts, roles, tokens), then the users.
    await filters.getByLabel('User').selectOption({ label: 'Adam Admin (admin)' });
    await filters.getByLabel('Action').selectOption({ label: 'Any action' });
    await filters.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => results.first().getAttribute('data-audit-action')).toBe('deviceToken.revoked');
    await admin.locator('tr[data-audit-action="user.rolesChanged"]').waitFor();
    await expectNoSeriousAxeViolations(admin);
    await expectFitsPortraitTablet(admin, admin.locator('table[data-admin-table="audit"]'));
    await saveScreenshots(admin, 'admin-audit');

    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Chairs' }).click();
    const chairs = admin.locator('table[data-admin-table="chairs"]');
    await chairs.waitFor();
    await expectNoSeriousAxeViolations(admin);
    await expectFitsPortraitTablet(admin, chairs);
    await saveScreenshots(admin, 'admin-chairs');

    expect(problems).toEqual([]);
  }, 30_000);

  it('a locked account is told to ask an administrator, who unlocks it; disabling and enabling ask first', async () => {
    const problems = collectPageProblems(admin);
    // Ten wrong passwords lock the account (the server slows each further try a little).
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: NEW_NURSE.username, password: `wrong-guess-${attempt}` }),
      });
      expect(response.status).toBe(401);
    }
    const nurseContext = await newContext(browser, { viewport: VIEWPORTS.tablet, colorScheme: 'light' });
    const nurse = await nurseContext.newPage();
    const nurseProblems = collectPageProblems(nurse, [/\/api\/auth\/login$/]);
    await nurse.goto(server.baseUrl);
    await nurse.getByLabel('User name').fill(NEW_NURSE.username);
    await nurse.getByLabel('Password').fill(NEW_NURSE.resetPassword);
    await nurse.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(nurse.getByRole('alert'))).toMatch(/locked.*ask an administrator/i);

    // The administrator sees it locked, and disables another account (after a confirmation).
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await admin.reload();
    const nadia = admin.locator(`tr[data-username="${NEW_NURSE.username}"]`);
    await expect.poll(() => nadia.locator('[data-status]').getAttribute('data-status')).toBe('locked');
    expect(await textOf(nadia.locator('td').nth(1))).toContain('after 10 failed sign-ins');
    // (The demo monitors' service account is not a person and is not listed here.)
    expect(await admin.locator('tr[data-username="demo-monitor"]').count()).toBe(0);
    const reviewer = admin.locator('tr[data-username="reviewer"]');
    await reviewer.getByRole('button', { name: 'Disable Rita Reviewer' }).click();
    const disable = admin.getByRole('dialog', { name: 'Disable the account of Rita Reviewer?' });
    expect(await textOf(disable)).toContain('signed out at once');
    await disable.getByRole('button', { name: 'Disable account' }).click();
    await disable.waitFor({ state: 'detached' });
    await expect.poll(() => reviewer.locator('[data-status]').getAttribute('data-status')).toBe('disabled');
    // Your own account cannot be disabled from here.
    expect(await admin.locator('tr[data-username="admin"]').getByRole('button', { name: /Disable/ }).count()).toBe(0);

    await expectNoSeriousAxeViolations(admin);
    // Every row's actions, Unlock and Enable among them, are whole on a portrait tablet.
    const fit = await expectFitsPortraitTablet(admin, admin.locator('table[data-admin-table="users"]'));
    expect(fit.buttons).toBeGreaterThanOrEqual(15);
    await saveScreenshots(admin, 'admin-users');

    // Unlock: she signs in again.
    await nadia.getByRole('button', { name: `Unlock ${NEW_NURSE.displayName}` }).click();
    await expect.poll(() => nadia.locator('[data-status]').getAttribute('data-status')).toBe('active');
    await nurse.getByRole('button', { name: 'Sign in' }).click();
    await nurse.getByRole('button', { name: 'Sign out' }).waitFor();

    await reviewer.getByRole('button', { name: 'Enable Rita Reviewer' }).click();
    await admin.getByRole('dialog', { name: 'Enable the account of Rita Reviewer?' }).getByRole('button', { name: 'Enable account' }).click();
    await expect.poll(() => reviewer.locator('[data-status]').getAttribute('data-status')).toBe('active');

    expect(problems).toEqual([]);
    expect(nurseProblems).toEqual([]);
    await nurseContext.close();
  }, 30_000);
});

/**
 * The server ends an idle sign-in after `idleMinutes`; here 0.1 (6 s), so the page warns after
 * 3 s and signs out after 6 s.
 */
describeWhen(chromiumAvailable(), `Chromium is not installed at ${CHROMIUM_PATH}`, 'idle sign-out in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(tempSqlite(), { clientDir, idleMinutes: 0.1, socketRecheckMs: 200 }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a nurse who records and then leaves the screen is warned, then signed out with a notice', async () => {
    // Set-up over the API, just before it is needed: on this server every sign-in idles out in 6 s.
    const fx = await fixtureFor(server, ['nurse', 'admin']);
    const session = await openSession(fx);

    const context = await newContext(browser, { viewport: VIEWPORTS.tablet, colorScheme: 'dark' });
    const page = await context.newPage();
    // The logout at the end may meet a sign-in the server has already ended: that 401 is expected.
    const problems = collectPageProblems(page, [/\/api\/auth\/(logout|activity)$/]);
    await signIn(page, server.baseUrl, 'nurse');
    await page.getByRole('banner').getByText('Nora Nurse, RN').waitFor();
    const signedInAt = Date.now();

    // She records a reading with the page's own sign-in (cookie and CSRF token), as the app does.
    const status = await page.evaluate(async (observation) => {
      const csrf = document.cookie.split('; ').find((part) => part.startsWith('chairside_csrf='))?.slice('chairside_csrf='.length) ?? '';
      const response = await fetch('/api/observations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ observations: [observation] }),
      });
      return response.status;
    }, heartRate(session.id, 74, new Date().toISOString()));
    expect(status).toBe(201);

    // Then nothing: the warning comes with a live countdown and "Stay signed in" focused.
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await warning.waitFor({ timeout: 6_000 });
    const warnedAfter = Date.now() - signedInAt;
    expect(await textOf(warning)).toMatch(/You will be signed out in [1-3] s/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay signed in');
    await page.screenshot({ path: path.join(artifactsDir, 'idle-warning-night-1024x768.png') });
    const countdown = warning.locator('[data-idle-countdown]');
    const first = Number(await countdown.getAttribute('data-idle-countdown'));
    await expect.poll(async () => Number(await countdown.getAttribute('data-idle-countdown')), { timeout: 2_500, interval: 100 }).toBeLessThan(first);

    // At the end: the sign-in page, with the reason.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 6_000 });
    const signedOutAfter = Date.now() - signedInAt;
    expect(await textOf(page.locator('[data-sign-out-notice]'))).toBe('Signed out after 6 seconds without activity.');
    expect(warnedAfter).toBeGreaterThan(2_000);
    expect(signedOutAfter).toBeGreaterThan(5_000);
    // The sign-in is over on the server too, and nothing of the session is left on the screen.
    expect(await page.evaluate(async () => (await (await fetch('/api/auth/me')).json()) as { user: unknown })).toMatchObject({ user: null });
    expect(await page.locator('.app-header').count()).toBe(0);
    await expectNoSeriousAxeViolations(page);
    await page.screenshot({ path: path.join(artifactsDir, 'idle-signed-out-night-1024x768.png') });

    expect(problems).toEqual([]);
    await context.close();
  }, 20_000);
});

/** A stuck wait fails with the locator it waited for, well inside the test's own time limit. */
async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  // Generous waits for a loaded CI machine; timing claims are asserted explicitly, not through this.
  context.setDefaultTimeout(20_000);
  return context;
}

/** Just enough of the integration suites' fixture for the clinic helpers: signed-in API clients. */
async function fixtureFor(server: TestServer, roles: readonly Role[]): Promise<ServerFixture> {
  const cookies = new Map<Role, string>(await Promise.all(roles.map(async (role) => [role, await server.signIn(role)] as const)));
  return {
    server,
    baseUrl: server.baseUrl,
    cookie: (role) => cookies.get(role) ?? '',
    api: (role) => new ApiClient(server.baseUrl, role === 'anonymous' ? undefined : cookies.get(role)),
    socket: () => Promise.reject(new Error('no sockets in the browser suite')),
  };
}

async function signIn(page: Page, baseUrl: string, username: string, password = 'chairside-demo'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Every button and link on the page that would change the record: recording, correcting,
 * scheduling, infusion and phase actions, account and set-up changes.
 */
const WRITE_NAMES =
  /\b(record readings?|save|correct|entered in error|withdraw|schedule|new patient|add patient|check in|start infusion|pause|resume|stop infusion|change rate|medication given|discharge|abort|acknowledge|override|create|add chair|revoke|disable|reset password)\b/i;
const WRITE_ADDRESSES = /\/(record|schedule|bedside|admin)(\/|$)/;

async function writeControls(page: Page, { links = true }: { links?: boolean } = {}): Promise<string[]> {
  const controls = await page.locator('button, a[href], input:not([type="radio"]):not([type="checkbox"]):not([type="search"]), textarea').evaluateAll((elements) =>
    elements.map((element) => ({
      tag: element.tagName.toLowerCase(),
      name: (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim(),
      // In-page links (skip to content) go nowhere new.
      href: element instanceof HTMLAnchorElement && !element.getAttribute('href')?.startsWith('#') ? new URL(element.href).pathname : '',
      type: element.getAttribute('type') ?? '',
      inHeader: element.closest('.app-header') !== null,
    })),
  );
  return controls
    .filter((control) => {
      // The header's own buttons (theme, sign out) change nothing in the record.
      if (control.inHeader && control.tag === 'button') return false;
      if (control.tag === 'a') return links && (WRITE_ADDRESSES.test(control.href) || WRITE_NAMES.test(control.name));
      if (control.tag === 'button') return WRITE_NAMES.test(control.name) || control.type === 'submit';
      return true; // a text field is an entry form
    })
    .map((control) => `${control.tag} "${control.name}"${control.href ? ` → ${control.href}` : ''}`);
}

/** Lazy pages and their first data have arrived: no loading state left in the main area. */
async function pageSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('main .status-message--loading') === null && document.querySelector('main h1, main .status-message') !== null);
}

/** Waits for the element, then reads its text (playwright-core has no assertion library). */
async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The texts a control's `aria-describedby` points at: its hint and its error. */
async function describedText(page: Page, control: Locator): Promise<string> {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => textOf(page.locator(`[id="${id}"]`))));
  return texts.join(' ');
}

/** Two animation frames: a new viewport or theme has been laid out and painted. */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * On a portrait tablet (768 × 1024) nothing of the table runs past the screen's right edge or is
 * cut off by its scrolling box, the page does not scroll sideways, every button on the page is a
 * 44 px touch target, and the re-flowed table is still a table to assistive technology.
 */
async function expectFitsPortraitTablet(page: Page, table: Locator): Promise<{ buttons: number }> {
  await page.setViewportSize(VIEWPORTS.portrait);
  await nextFrames(page);
  const layout = await table.evaluate((element) => {
    const name = (node: Element) => `${node.tagName.toLowerCase()}${node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : ''} "${(node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    const root = document.documentElement;
    const scroller = element.closest('.admin-table-wrap') ?? element;
    const edge = Math.min(root.clientWidth, scroller.getBoundingClientRect().right);
    // Visually hidden text (1 px, clipped) has no box to cut off.
    const drawn = (node: Element) => {
      const box = node.getBoundingClientRect();
      return box.width > 1 || box.height > 1;
    };
    const beyondEdge = [...element.querySelectorAll('*')].filter((node) => drawn(node) && node.getBoundingClientRect().right > edge + 0.5).map(name);
    const buttonsInView = [...element.querySelectorAll('button')].filter((button) => {
      const box = button.getBoundingClientRect();
      return box.width > 1 && box.left >= 0 && box.right <= edge + 0.5;
    });
    const smallButtons = [...document.querySelectorAll('main button')]
      .filter((button) => drawn(button) && button.classList.contains('button') && button.getBoundingClientRect().height < 44)
      .map((button) => `${name(button)} ${button.getBoundingClientRect().height}px`);
    return {
      pageScrollsSideways: root.scrollWidth > root.clientWidth,
      tableScrollsSideways: scroller.scrollWidth > scroller.clientWidth,
      beyondEdge,
      smallButtons,
      rows: element.querySelectorAll('tr').length,
      buttons: element.querySelectorAll('button').length,
      buttonsInView: buttonsInView.length,
    };
  });
  expect(layout).toMatchObject({ pageScrollsSideways: false, tableScrollsSideways: false, beyondEdge: [], smallButtons: [] });
  expect(layout.buttonsInView).toBe(layout.buttons);

  // Chromium's own accessibility tree, not the DOM: rows and cells survive the CSS re-flow.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value?: unknown } }[] };
  await cdp.detach();
  const roles = nodes.map((node) => node.role?.value);
  expect(roles.filter((role) => role === 'table')).toHaveLength(1);
  expect(roles.filter((role) => role === 'row')).toHaveLength(layout.rows);

  await page.setViewportSize(VIEWPORTS.desktop);
  await nextFrames(page);
  return { buttons: layout.buttons };
}

async function saveScreenshots(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  for (const theme of ['day', 'night'] as const) {
    await page.evaluate((value) => {
      document.documentElement.dataset.theme = value;
    }, theme);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await nextFrames(page);
      await page.screenshot({ path: path.join(artifactsDir, `${name}-${theme}-${viewport.width}x${viewport.height}.png`) });
    }
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'day';
  });
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** Script errors, CSP refusals and failed requests, except those a test causes on purpose. */
function collectPageProblems(page: Page, expectedFailures: readonly RegExp[] = []): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (expectedFailures.some((pattern) => pattern.test(url))) return;
    problems.push(`console: ${message.text()} (${url})`);
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
