import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectStatus } from '../support/api.ts';
import { waitFor } from '../support/freePort.ts';
import { TestSocket } from '../support/socketClient.ts';
import { type TestServer, startTestServer } from '../support/testServer.ts';

/**
 * Ending an account's access closes its open sockets at once, not at the next periodic re-check:
 * the re-check is pushed out of reach here, so only the immediate path can pass.
 */
describe('ending an account closes its sockets at once', () => {
  let server: TestServer;
  let admin: ApiClient;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer(undefined, { socketRecheckMs: 3_600_000 });
    admin = new ApiClient(server.baseUrl, await server.signIn('admin'));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  const connected = async (options: ConstructorParameters<typeof TestSocket>[1]): Promise<TestSocket> => {
    const socket = new TestSocket(server.baseUrl, options);
    sockets.push(socket);
    await socket.connect();
    return socket;
  };

  const newNurse = async (username: string): Promise<{ id: string; cookie: string }> => {
    const password = 'Infusion-2026!';
    const created = expectStatus(
      await admin.post<{ user: { id: string } }>('/api/admin/users', { id: randomUUID(), username, displayName: `Nurse ${username}`, roles: ['nurse'], password }),
      201,
    );
    return { id: created.user.id, cookie: await server.signIn(username, password) };
  };

  it('when the account is disabled: every sign-in of it, every socket', async () => {
    const nurse = await newNurse(`ending-${Date.now()}`);
    const first = await connected({ cookie: nurse.cookie });
    const second = await connected({ cookie: nurse.cookie });
    const bystander = await connected({ cookie: await server.signIn('nurse') });
    expectStatus(await admin.post(`/api/admin/users/${nurse.id}/disable`), 200);
    await waitFor(() => !first.socket.connected && !second.socket.connected, 'the disabled account’s sockets to close');
    expect(bystander.socket.connected).toBe(true);
  });

  it('when the password is reset by an admin', async () => {
    const nurse = await newNurse(`reset-${Date.now()}`);
    const socket = await connected({ cookie: nurse.cookie });
    expectStatus(await admin.post(`/api/admin/users/${nurse.id}/password`, { password: 'Recovery-2026!' }), 200);
    await waitFor(() => !socket.socket.connected, 'the socket of the reset account to close');
  });

  it('when a device token is revoked', async () => {
    const created = expectStatus(await admin.post<{ token: string; deviceToken: { id: string } }>('/api/admin/device-tokens', { name: 'Bay 9 gateway' }), 201);
    const device = await connected({ auth: { token: created.token } });
    expectStatus(await admin.post(`/api/admin/device-tokens/${created.deviceToken.id}/revoke`), 200);
    await waitFor(() => !device.socket.connected, 'the revoked device’s socket to close');
  });
});
