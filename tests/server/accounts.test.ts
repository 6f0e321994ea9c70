import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import type { AuditEntryView, UserAccount } from '../../shared/schemas/auth.ts';
import { ApiClient, expectError, expectStatus, signInCookies } from '../support/api.ts';
import { createChair, createPatient, heartRate, openSession, readSession, sessionInput } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { TestSocket, connectionRefusal } from '../support/socketClient.ts';
import { startTestServer, tempSqlite } from '../support/testServer.ts';

const login = (baseUrl: string, username: string, password: string) =>
  fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

async function auditOf(admin: ApiClient, query: string): Promise<AuditEntryView[]> {
  return expectStatus(await admin.get<{ entries: AuditEntryView[] }>(`/api/admin/audit?${query}`), 200).entries;
}

describeEachEngine('accounts and hardening', (engine) => {
  const fx = useTestServer(engine);

  async function newNurse(username: string): Promise<UserAccount> {
    const body = { id: randomUUID(), username, displayName: `Nurse ${username}`, roles: ['nurse'], password: 'Infusion-2026!' };
    return expectStatus(await fx.api('admin').post<{ user: UserAccount }>('/api/admin/users', body), 201).user;
  }

  describe('sign-in', () => {
    it('locks the account after repeated wrong passwords, audits every attempt, and an admin unlocks it', async () => {
      const user = await newNurse(`lock-${Date.now()}`);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 20; attempt++) statuses.push((await login(fx.baseUrl, user.username, 'wrong-password-1')).status);
      expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 423)).toBe(true);
      // Locked means locked: the right password is refused too.
      expect((await login(fx.baseUrl, user.username, 'Infusion-2026!')).status).toBe(423);

      const admin = fx.api('admin');
      const failed = await auditOf(admin, `action=auth.signInFailed&entityId=${user.id}`);
      const refused = await auditOf(admin, `action=auth.signInRefusedLocked&entityId=${user.id}`);
      expect(failed.length + refused.length).toBe(21);
      expect(await auditOf(admin, `action=auth.accountLocked&entityId=${user.id}`)).toHaveLength(1);
      expect(failed[0]).toMatchObject({ sourceIp: expect.any(String), after: { username: user.username } });

      const listed = expectStatus(await admin.get<{ users: UserAccount[] }>('/api/admin/users'), 200).users.find((u) => u.id === user.id);
      expect(listed).toMatchObject({ locked: true });
      expectStatus(await admin.post(`/api/admin/users/${user.id}/unlock`), 200);
      expect((await login(fx.baseUrl, user.username, 'Infusion-2026!')).status).toBe(200);
      expect(await auditOf(admin, `action=user.unlocked&entityId=${user.id}`)).toHaveLength(1);
    });

    it('sets the session cookie httpOnly and SameSite=Strict, and the CSRF cookie readable by the page', async () => {
      const response = await login(fx.baseUrl, 'nurse', 'chairside-demo');
      const cookies = response.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('chairside_session='));
      const csrf = cookies.find((c) => c.startsWith('chairside_csrf='));
      expect(session).toMatch(/; HttpOnly/i);
      expect(session).toMatch(/; SameSite=Strict/i);
      expect(session).toMatch(/; Path=\//i);
      expect(session).not.toMatch(/; Secure/i);
      expect(csrf).toMatch(/; SameSite=Strict/i);
      expect(csrf).not.toMatch(/HttpOnly/i);
    });

    it('refuses a weak password when an admin creates a user, naming the field', async () => {
      const body = { id: randomUUID(), username: 'weakling', displayName: 'Weak', roles: ['nurse'], password: 'short' };
      const error = expectError(await fx.api('admin').post('/api/admin/users', body), 422, 'validation_failed');
      expect(error.issues?.map((i) => i.path)).toContain('password');
      const containsName = { ...body, password: 'weakling-2026' };
      const second = expectError(await fx.api('admin').post('/api/admin/users', containsName), 422, 'validation_failed');
      expect(second.issues?.[0]).toMatchObject({ path: 'password', code: 'contains_username' });
    });
  });

  describe('headers and cross-site requests', () => {
    it('sends a strict Content-Security-Policy and the usual protective headers, with no stack traces', async () => {
      const response = await fetch(`${fx.baseUrl}/api/health`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
      const broken = await fx.api('nurse').postRaw('/api/observations', '{"observations": [');
      expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.ts|SyntaxError|stack/);
    });

    it('refuses a cookie-authenticated write without the CSRF token, or from another origin', async () => {
      const session = await openSession(fx);
      const cookies = fx.cookie('nurse');
      const sessionOnly = cookies.split('; ').find((c) => c.startsWith('chairside_session=')) ?? '';
      // A cross-site form post carries the cookie but cannot read the CSRF cookie to echo it.
      const forged = await fetch(`${fx.baseUrl}/api/observations`, {
        method: 'POST',
        headers: { cookie: sessionOnly, 'content-type': 'application/json' },
        body: JSON.stringify({ observations: [heartRate(session.id, 70)] }),
      });
      expect(forged.status).toBe(403);
      expect(await forged.json()).toMatchObject({ error: 'csrf_failed' });
      const csrf = /chairside_csrf=([^;]+)/.exec(cookies)?.[1] ?? '';
      const foreign = await fetch(`${fx.baseUrl}/api/observations`, {
        method: 'POST',
        headers: { cookie: cookies, 'content-type': 'application/json', 'x-csrf-token': csrf, origin: 'https://evil.example' },
        body: JSON.stringify({ observations: [heartRate(session.id, 71)] }),
      });
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toMatchObject({ error: 'cross_origin' });
      expect((await readSession(fx.api('nurse'), session.id)).observations).toHaveLength(0);
      // The same write done properly goes through.
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: [heartRate(session.id, 72)] }), 201);
    });

    it('refuses a socket opened from another site', async () => {
      const socket = connect(fx.baseUrl, { transports: ['polling'], extraHeaders: { cookie: fx.cookie('nurse'), origin: 'https://evil.example' }, reconnection: false });
      const refused = await new Promise<boolean>((resolve) => {
        socket.on('connect', () => resolve(false));
        socket.on('connect_error', () => resolve(true));
      });
      socket.close();
      expect(refused).toBe(true);
    });
  });

  describe('device tokens', () => {
    it('records with a device token, shows the token once, and refuses it at once when revoked', async () => {
      const session = await openSession(fx);
      const admin = fx.api('admin');
      const created = expectStatus(await admin.post<{ token: string; deviceToken: { id: string } }>('/api/admin/device-tokens', { name: 'Monitor bay 3' }), 201);
      expect(created.token).toMatch(/^csd_/);
      const listed = expectStatus(await admin.get<{ deviceTokens: Array<Record<string, unknown>> }>('/api/admin/device-tokens'), 200).deviceTokens;
      expect(JSON.stringify(listed)).not.toContain(created.token);

      const device = (body: unknown) =>
        fetch(`${fx.baseUrl}/api/observations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const reading = { ...heartRate(session.id, 88), source: 'device' };
      expect((await device({ observations: [reading] })).status).toBe(201);
      const stored = (await readSession(fx.api('nurse'), session.id)).observations[0];
      expect(stored).toMatchObject({ recordedByName: 'Monitor bay 3', source: 'device' });
      // Scoped to ingest: the token reads nothing.
      const read = await fetch(`${fx.baseUrl}/api/ward`, { headers: { authorization: `Bearer ${created.token}` } });
      expect(read.status).toBe(403);
      const afterUse = expectStatus(await admin.get<{ deviceTokens: Array<{ id: string; lastUsedAt: string | null }> }>('/api/admin/device-tokens'), 200);
      expect(afterUse.deviceTokens.find((t) => t.id === created.deviceToken.id)?.lastUsedAt).not.toBeNull();

      const socket = new TestSocket(fx.baseUrl, { auth: { token: created.token } });
      await socket.connect();
      const disconnected = new Promise<void>((resolve) => socket.socket.once('disconnect', () => resolve()));
      expectStatus(await admin.post(`/api/admin/device-tokens/${created.deviceToken.id}/revoke`), 200);
      const refused = await device({ observations: [{ ...heartRate(session.id, 89), source: 'device' }] });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: 'invalid_token' });
      // Its socket is refused on its next event, or already closed (revoking closes a token's sockets at once).
      const outcome = await Promise.race([
        socket.recordObservations([{ ...heartRate(session.id, 90), source: 'device' }]).then(
          (ack) => (ack.ok ? 'allowed' : ack.error),
          () => 'disconnected',
        ),
        disconnected.then(() => 'disconnected'),
      ]);
      expect(['unauthenticated', 'disconnected']).toContain(outcome);
      await disconnected;
      expect(await auditOf(admin, `action=deviceToken.revoked&entityId=${created.deviceToken.id}`)).toHaveLength(1);
    });
  });

  describe('user administration', () => {
    it('disables a user (ending their sign-ins), never deletes, and audits every change', async () => {
      const user = await newNurse(`dis-${Date.now()}`);
      const cookie = await signInCookies(fx.baseUrl, user.username, 'Infusion-2026!');
      const client = new TestSocket(fx.baseUrl, { cookie });
      await client.connect();
      const admin = fx.api('admin');
      expectStatus(await admin.post(`/api/admin/users/${user.id}/disable`), 200);
      expectError(await new ApiClient(fx.baseUrl, cookie).get('/api/ward'), 401, 'unauthenticated');
      expect((await login(fx.baseUrl, user.username, 'Infusion-2026!')).status).toBe(401);
      // The socket is refused on its next request, or closed first by the periodic re-check.
      const outcome = await Promise.race([
        client.subscribeWard().then(
          (ack) => (ack.ok ? 'allowed' : ack.error),
          () => 'disconnected',
        ),
        new Promise<string>((resolve) => client.socket.once('disconnect', () => resolve('disconnected'))),
      ]);
      expect(['unauthenticated', 'disconnected']).toContain(outcome);
      client.close();
      expectError(await admin.post(`/api/admin/users/${await adminId(admin)}/disable`), 409, 'cannot_disable_self');
      const entries = await auditOf(admin, `entityType=user&entityId=${user.id}`);
      expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user.created', 'user.disabled']));
      const disabled = entries.find((e) => e.action === 'user.disabled');
      expect(disabled).toMatchObject({ before: { disabled: false }, after: { disabled: true }, username: 'admin' });
    });

    it('offers as a session’s nurse or physician only enabled people with a clinical role, never a service account', async () => {
      const admin = fx.api('admin');
      const stamp = Date.now();
      const person = (username: string, roles: string[]) =>
        admin.post<{ user: UserAccount }>('/api/admin/users', { id: randomUUID(), username, displayName: `Person ${username}`, roles, password: 'Infusion-2026!' });
      const nurse = await newNurse(`pick-${stamp}`);
      const physician = expectStatus(await person(`pick-doc-${stamp}`, ['physician', 'reviewer']), 201).user;
      const reviewer = expectStatus(await person(`pick-rev-${stamp}`, ['reviewer']), 201).user;
      const gone = await newNurse(`pick-gone-${stamp}`);
      expectStatus(await admin.post(`/api/admin/users/${gone.id}/disable`), 200);
      expectStatus(await admin.post('/api/admin/device-tokens', { name: `Monitor pick ${stamp}` }), 201);

      const offered = expectStatus(await fx.api('nurse').get<{ users: Array<{ id: string; username: string; roles: string[] }> }>('/api/users'), 200).users;
      const names = offered.map((user) => user.username);
      expect(names).toEqual(expect.arrayContaining(['nurse', 'physician', nurse.username, physician.username]));
      for (const absent of ['admin', 'reviewer', 'demo-monitor', reviewer.username, gone.username]) expect(names).not.toContain(absent);
      expect(names.some((name) => name.startsWith('device:'))).toBe(false);
      expect(offered.every((user) => user.roles.includes('nurse') || user.roles.includes('physician'))).toBe(true);

      // The demo monitors' account is a service account: no sign-in, and a booking cannot name it.
      const monitor = await fx.server.server.services.db.selectFrom('users').select(['id', 'kind']).where('username', '=', 'demo-monitor').executeTakeFirstOrThrow();
      expect(monitor.kind).toBe('device');
      expect((await login(fx.baseUrl, 'demo-monitor', 'chairside-demo')).status).toBe(401);
      const chair = await createChair(admin);
      const patient = await createPatient(fx.api('nurse'));
      const refused = expectError(await fx.api('nurse').post('/api/sessions', sessionInput(fx, patient.id, chair.id, { nurseId: monitor.id })), 422, 'wrong_role');
      expect(refused.issues?.map((issue) => issue.path)).toEqual(['nurseId']);
    });

    it('filters the audit trail by user and action, newest first, and pages through it', async () => {
      const admin = fx.api('admin');
      const page1 = expectStatus(await admin.get<{ entries: AuditEntryView[]; nextBefore: number | null }>('/api/admin/audit?limit=3'), 200);
      expect(page1.entries).toHaveLength(3);
      expect(page1.nextBefore).not.toBeNull();
      const page2 = expectStatus(await admin.get<{ entries: AuditEntryView[] }>(`/api/admin/audit?limit=3&before=${page1.nextBefore}`), 200);
      expect(Math.max(...page2.entries.map((e) => e.id))).toBeLessThan(Math.min(...page1.entries.map((e) => e.id)));
      const signIns = await auditOf(admin, 'action=auth.signedIn&username=nurse');
      expect(signIns.length).toBeGreaterThan(0);
      expect(signIns.every((e) => e.username === 'nurse' && e.action === 'auth.signedIn')).toBe(true);
      expectError(await fx.api('nurse').get('/api/admin/audit'), 403, 'forbidden');
    });
  });
});

async function adminId(admin: ApiClient): Promise<string> {
  return expectStatus(await admin.get<{ user: { id: string } }>('/api/auth/me'), 200).user.id;
}

describe('idle sign-out', () => {
  it('ends an idle sign-in and disconnects its socket', async () => {
    const server = await startTestServer(tempSqlite(), { idleMinutes: 0.02, socketRecheckMs: 100 });
    try {
      const cookie = await server.signIn('physician');
      const socket = new TestSocket(server.baseUrl, { cookie });
      await socket.connect();
      const disconnected = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));
      expect(await disconnected).toBe('io server disconnect');
      expectError(await new ApiClient(server.baseUrl, cookie).get('/api/ward'), 401, 'unauthenticated');
      expect((await connectionRefusal(server.baseUrl, cookie)).message).toBe('unauthenticated');
    } finally {
      await server.close();
    }
  });
});

describe('logs', () => {
  it('never carry passwords, tokens or cookies', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ password: 'Infusion-2026!', token: 'csd_secret', req: { headers: { cookie: 'chairside_session=abc', authorization: 'Bearer csd_x' } } }, 'x');
    logger.info({ user: { password: 'hunter2-2026' } }, 'y');
    const text = lines.join('');
    for (const secret of ['Infusion-2026!', 'csd_secret', 'chairside_session=abc', 'Bearer csd_x', 'hunter2-2026']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
