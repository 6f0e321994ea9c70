import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../server/http/routes/index.ts';
import { ACTIONS, PERSON_ROLES, can } from '../../shared/auth/permissions.ts';
import { CLIENT_EVENTS, SOCKET_EVENT_ACTIONS } from '../../shared/realtime/socketEvents.ts';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../shared/alarms/settings.ts';
import { type ApiClient, expectError, expectStatus } from '../support/api.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { TestSocket } from '../support/socketClient.ts';

const pathFor = (path: string): string => path.replace(/:id\b/g, randomUUID());
const call = (api: ApiClient, method: 'get' | 'post', path: string) => (method === 'get' ? api.get(path) : api.post(path, {}));

/** Routes the Express app really serves under /api, read from its router rather than our list. */
function mountedApiRoutes(router: Router): string[] {
  const mounted: string[] = [];
  for (const layer of router.stack) {
    const route = (layer as { route?: { path: string; methods: Record<string, boolean> } }).route;
    if (route) for (const method of Object.keys(route.methods)) mounted.push(`${method} /api${route.path}`);
  }
  return mounted.sort();
}

describe('the permission table covers every route and socket event', () => {
  it('gives every declared route an access rule naming a real action, or public / signed-in by design', () => {
    for (const route of API_ROUTES) {
      if (route.access.kind === 'action') expect(ACTIONS).toContain(route.access.action);
    }
    const open = API_ROUTES.filter((r) => r.access.kind !== 'action').map((r) => `${r.method} ${r.path}`).sort();
    expect(open).toEqual(['get /api/auth/me', 'get /api/health', 'post /api/auth/activity', 'post /api/auth/login', 'post /api/auth/logout']);
  });

  it('lists every socket event a client may send with its action', () => {
    expect(CLIENT_EVENTS.sort()).toEqual(Object.keys(SOCKET_EVENT_ACTIONS).sort());
    for (const action of Object.values(SOCKET_EVENT_ACTIONS)) if (action !== null) expect(ACTIONS).toContain(action);
  });
});

describeEachEngine('role by action', (engine) => {
  const fx = useTestServer(engine);

  it('mounts exactly the routes the table lists, nothing else', async () => {
    const { createApiRouter } = await import('../../server/http/api.ts');
    const router = createApiRouter(fx.server.server.services, { rateLimitPerMinute: 1000 });
    expect(mountedApiRoutes(router)).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('lets each role through every route exactly when the table says, and refuses anonymous callers', async () => {
    for (const route of API_ROUTES.filter((r) => r.access.kind === 'action')) {
      const action = route.access.kind === 'action' ? route.access.action : null;
      if (!action) continue;
      const anonymous = await call(fx.api('anonymous'), route.method, pathFor(route.path));
      expect(anonymous.status, `anonymous ${route.method} ${route.path}`).toBe(401);
      for (const role of PERSON_ROLES) {
        const response = await call(fx.api(role), route.method, pathFor(route.path));
        const label = `${role} ${route.method} ${route.path} → ${response.status} ${JSON.stringify(response.body).slice(0, 120)}`;
        if (can([role], action)) expect([401, 403, 500], label).not.toContain(response.status);
        else expect(response.status, label).toBe(403);
      }
    }
  });

  it('lets whoever edits the clinic alarm limits read them first: an admin, not only a physician', async () => {
    const admin = fx.api('admin');
    const before = expectStatus(await admin.get<{ settings: AlarmSettings }>('/api/alarm-settings'), 200).settings;
    expect(before).toEqual(DEFAULT_ALARM_SETTINGS);
    expectStatus(await admin.post('/api/alarm-settings', { reannounceMinutes: 7 }), 200);
    expect(expectStatus(await admin.get<{ settings: AlarmSettings }>('/api/alarm-settings'), 200).settings.reannounceMinutes).toBe(7);
    expect(expectStatus(await fx.api('physician').get<{ settings: AlarmSettings }>('/api/alarm-settings'), 200).settings.reannounceMinutes).toBe(7);
    // Those who cannot change them work from the limits in force for their session instead.
    expectError(await fx.api('nurse').get('/api/alarm-settings'), 403, 'forbidden');
    expectError(await fx.api('reviewer').get('/api/alarm-settings'), 403, 'forbidden');
    expect(can(['admin'], 'alarm.configure')).toBe(true);
  });

  it('registers on the server exactly the socket events the table lists', async () => {
    const client = await fx.socket('nurse');
    const serverSockets = [...fx.server.server.io.of('/').sockets.values()];
    const mine = serverSockets.find((s) => s.id === client.socket.id);
    expect(mine).toBeDefined();
    // Socket.IO's own reserved events aside, the server listens for exactly the table's events.
    const reserved = new Set(['error', 'disconnect', 'disconnecting']);
    const listened = mine?.eventNames().map(String).filter((name) => !reserved.has(name));
    expect(listened?.sort()).toEqual([...CLIENT_EVENTS].sort());
  });

  it('answers every socket event as each role exactly as the table says', async () => {
    for (const role of PERSON_ROLES) {
      const client = new TestSocket(fx.baseUrl, { cookie: fx.cookie(role) });
      await client.connect();
      try {
        for (const [event, action] of Object.entries(SOCKET_EVENT_ACTIONS)) {
          if (action === null) continue;
          // An empty payload: a permitted role gets a validation refusal, a forbidden one "forbidden".
          const ack = (await client.emitUntyped(event, { observations: 'x', sideEffects: 'x', sessionId: 'x', since: -1 })) as { ok: boolean; error?: string };
          if (can([role], action)) expect(ack.error, `${role} ${event}`).not.toBe('forbidden');
          else expect(ack, `${role} ${event}`).toMatchObject({ ok: false, error: 'forbidden' });
        }
      } finally {
        client.close();
      }
    }
  });
});
