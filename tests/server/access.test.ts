import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../server/http/routes/index.ts';
import { type Action, can } from '../../shared/auth/permissions.ts';
import { SOCKET_EVENT_ACTIONS, type SocketFailure } from '../../shared/realtime/socketEvents.ts';
import { ApiClient, expectError, expectStatus } from '../support/api.ts';
import { heartRate, openSession, readSession } from '../support/clinic.ts';
import { type Role, describeEachEngine, useTestServer } from '../support/engines.ts';
import { TestSocket, connectionRefusal } from '../support/socketClient.ts';

const pathFor = (path: string): string => path.replace(/:id\b/g, randomUUID());
const call = (api: ApiClient, method: 'get' | 'post', path: string) => (method === 'get' ? api.get(path) : api.post(path, {}));

/** Socket events that answer through an ack, with the permission the shared table gives each. */
const SOCKET_ACTIONS = {
  'ward:subscribe': SOCKET_EVENT_ACTIONS['ward:subscribe'],
  'session:subscribe': SOCKET_EVENT_ACTIONS['session:subscribe'],
  'observations:record': SOCKET_EVENT_ACTIONS['observations:record'],
  'sideEffects:record': SOCKET_EVENT_ACTIONS['sideEffects:record'],
} as const satisfies Record<string, Action>;

describeEachEngine('who may do what', (engine) => {
  const fx = useTestServer(engine);

  describe('anonymous callers', () => {
    it('are refused (401) on every route except health, sign-in and who-am-I', async () => {
      const anonymous = fx.api('anonymous');
      const guarded = API_ROUTES.filter((r) => r.access.kind !== 'public');
      expect(guarded.length).toBeGreaterThan(10);
      for (const route of guarded) {
        const response = await call(anonymous, route.method, pathFor(route.path));
        expect({ route: `${route.method} ${route.path}`, status: response.status, body: response.body }).toMatchObject({
          status: 401,
          body: { error: 'unauthenticated' },
        });
      }
      expect(API_ROUTES.filter((r) => r.access.kind === 'public').map((r) => r.path).sort()).toEqual(['/api/auth/login', '/api/auth/me', '/api/health']);
      expect((await anonymous.get('/api/auth/me')).body).toMatchObject({ user: null });
    });

    it('cannot write observations, and nothing is stored', async () => {
      const session = await openSession(fx);
      expectError(await fx.api('anonymous').post('/api/observations', { observations: [heartRate(session.id, 70)] }), 401, 'unauthenticated');
      expectError(await new ApiClient(fx.baseUrl, 'chairside_session=forged-token').post('/api/observations', { observations: [heartRate(session.id, 70)] }), 401, 'unauthenticated');
      expect((await readSession(fx.api('nurse'), session.id)).observations).toEqual([]);
    });

    it('are refused a socket connection', async () => {
      expect((await connectionRefusal(fx.baseUrl)).message).toBe('unauthenticated');
      expect((await connectionRefusal(fx.baseUrl, 'chairside_session=forged-token')).message).toBe('unauthenticated');
    });

    it('cannot sign in with a wrong password', async () => {
      const response = await fx.api('anonymous').post('/api/auth/login', { username: 'nurse', password: 'wrong-password' });
      expectError(response, 401, 'invalid_credentials');
    });
  });

  describe('roles over HTTP', () => {
    it('refuses (403) exactly the routes a role lacks the permission for', async () => {
      const roles: Role[] = ['nurse', 'physician', 'reviewer', 'admin'];
      for (const role of roles) {
        const api = fx.api(role);
        for (const route of API_ROUTES) {
          if (route.access.kind !== 'action') continue;
          const response = await call(api, route.method, pathFor(route.path));
          const label = `${role} ${route.method} ${route.path}`;
          if (can([role], route.access.action)) {
            expect([401, 403, 500], `${label} → ${response.status}`).not.toContain(response.status);
          } else {
            expect({ label, status: response.status, body: response.body }).toMatchObject({ status: 403, body: { error: 'forbidden' } });
          }
        }
      }
    });

    it('refuses a reviewer’s and an admin’s clinical writes and stores nothing', async () => {
      const session = await openSession(fx);
      for (const role of ['reviewer', 'admin'] as const) {
        const api = fx.api(role);
        expectError(await api.post('/api/observations', { observations: [heartRate(session.id, 70)] }), 403, 'forbidden');
        expectError(await api.post(`/api/sessions/${session.id}/phase`, { to: 'aborted', reason: 'not allowed' }), 403, 'forbidden');
        expectError(
          await api.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: new Date().toISOString() }),
          403,
          'forbidden',
        );
      }
      const after = await readSession(fx.api('nurse'), session.id);
      expect(after.observations).toEqual([]);
      expect(after.infusionEvents).toEqual([]);
      expect(after.phase).toBe('baseline');
      // The reviewer may still read it; the admin, who runs set-up, may not.
      expectStatus(await fx.api('reviewer').get(`/api/sessions/${session.id}`), 200);
      expectError(await fx.api('admin').get(`/api/sessions/${session.id}`), 403, 'forbidden');
    });

    it('refuses a signed-out cookie', async () => {
      const cookie = await fx.server.signIn('nurse');
      const api = new ApiClient(fx.baseUrl, cookie);
      expect((await api.get('/api/auth/me')).body).toMatchObject({ user: { username: 'nurse' } });
      expectStatus(await api.post('/api/auth/logout'), 200);
      expect((await api.get('/api/auth/me')).body).toMatchObject({ user: null });
      expectError(await api.get('/api/ward'), 401, 'unauthenticated');
      expect((await connectionRefusal(fx.baseUrl, cookie)).message).toBe('unauthenticated');
    });
  });

  describe('roles over the socket', () => {
    it('answers each event with forbidden exactly when the role lacks its permission', async () => {
      const session = await openSession(fx);
      const payloads: Record<keyof typeof SOCKET_ACTIONS, unknown> = {
        'ward:subscribe': {},
        'session:subscribe': { sessionId: session.id },
        'observations:record': { observations: [heartRate(session.id, 70)] },
        'sideEffects:record': { sideEffects: [{ id: randomUUID(), sessionId: session.id, kind: 'nausea', severity: 'mild', observedAt: '2026-11-20T10:00:00Z' }] },
      };
      for (const role of ['reviewer', 'admin'] as const) {
        const client = new TestSocket(fx.baseUrl, { cookie: fx.cookie(role) });
        await client.connect();
        try {
          for (const [event, action] of Object.entries(SOCKET_ACTIONS) as Array<[keyof typeof SOCKET_ACTIONS, Action]>) {
            const ack = (await client.emitUntyped(event, payloads[event])) as { ok: boolean } | SocketFailure;
            if (can([role], action)) expect(ack, `${role} ${event}`).toMatchObject({ ok: true });
            else expect(ack, `${role} ${event}`).toMatchObject({ ok: false, error: 'forbidden' });
          }
        } finally {
          client.close();
        }
      }
      const after = await readSession(fx.api('nurse'), session.id);
      expect(after.observations).toEqual([]);
      expect(after.sideEffects).toEqual([]);
    });

    it('stops honouring an open socket once its sign-in has ended', async () => {
      const session = await openSession(fx);
      const cookie = await fx.server.signIn('nurse');
      const client = new TestSocket(fx.baseUrl, { cookie });
      await client.connect();
      try {
        expect(await client.recordObservations([heartRate(session.id, 70)])).toMatchObject({ ok: true });
        const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));
        expectStatus(await new ApiClient(fx.baseUrl, cookie).post('/api/auth/logout'), 200);

        // Signing out closes the sign-in's open sockets at once, and the cookie opens no new one.
        expect(await disconnected).toBe('io server disconnect');
        expect((await connectionRefusal(fx.baseUrl, cookie)).message).toBe('unauthenticated');
        const stored = await readSession(fx.api('nurse'), session.id);
        expect(stored.observations).toHaveLength(1);
      } finally {
        client.close();
      }
    });

    it('does not send a forbidden subscriber any change', async () => {
      const session = await openSession(fx);
      const admin = await fx.socket('admin');
      expect(await admin.subscribeWard()).toMatchObject({ ok: false, error: 'forbidden' });
      expect(await admin.subscribeSession(session.id)).toMatchObject({ ok: false, error: 'forbidden' });
      const witness = await fx.socket('reviewer');
      await witness.subscribeSession(session.id);
      const reading = heartRate(session.id, 70);
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: [reading] }), 201);
      await witness.waitForChanges(1);
      // A change sent to the admin would arrive before the answer to a later request on its socket.
      expect(await admin.subscribeWard()).toMatchObject({ ok: false });
      expect(admin.received()).toEqual([]);
    });
  });
});
