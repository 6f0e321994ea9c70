import net from 'node:net';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../../server/http/api.ts';
import { credentialRoom } from '../../server/realtime/credentialRoom.ts';
import { ChangeCursor } from '../../shared/realtime/changeCursor.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { SubscribeAck } from '../../shared/realtime/socketEvents.ts';
import { ApiClient, expectStatus, signInCookies } from '../support/api.ts';
import { type ChildServer, killAllSpawned, spawnServer } from '../support/childServer.ts';
import { heartRate, prepareCheckedInSession } from '../support/clinic.ts';
import { freePort, waitFor } from '../support/freePort.ts';
import { createTestDatabase, dropTestDatabase } from '../support/postgres.ts';
import { redisUnavailableReason } from '../support/redis.ts';
import { RestartableRedis, subscriberCount } from '../support/restartableRedis.ts';
import { describeWhen } from '../support/requirements.ts';
import { TestSocket, observationIdOf, seqsOf } from '../support/socketClient.ts';

/** Generous: two Node processes, PostgreSQL and Redis share a small, busy machine. */
const WAIT_MS = 30_000;
/** For the outage and the kill: several of those waits in a row. */
const LONG_TEST_MS = 120_000;
/** Where the nodes announce their commits (the adapter's request channel, key `chairside`). */
const ANNOUNCE_CHANNEL = 'chairside-request#/#';

/** How many nodes listen for announcements (each node's adapter subscribes once). */
function listeningNodes(port: number): Promise<number> {
  return subscriberCount(port, ANNOUNCE_CHANNEL);
}

/** Overhears what the nodes announce through Redis; resolves once the subscription is in place. */
async function overhear(port: number): Promise<{ heard: () => string; close: () => void }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let heard = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    heard += chunk;
  });
  socket.on('error', () => undefined);
  socket.write(`SUBSCRIBE ${ANNOUNCE_CHANNEL}\r\n`);
  const close = () => socket.destroy();
  try {
    await waitFor(() => heard.includes('subscribe'), 'the test to subscribe in Redis', WAIT_MS);
  } catch (error) {
    close();
    throw error;
  }
  return { heard: () => heard, close };
}

/**
 * One sign-in attempt as if from `address` (the nodes trust X-Forwarded-For, as behind the clinic's
 * load balancer), so each test's count starts fresh. Returns the status and how many attempts the
 * node says that address has left this minute.
 */
async function signInFrom(baseUrl: string, address: string, username: string, password: string): Promise<{ status: number; remaining: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  const remaining = Number(/remaining=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1] ?? Number.NaN);
  return { status: response.status, remaining, body: await response.json() };
}

let probes = 0;

/** Waits until an attempt counted on `first` shows in `second`'s count (after Redis has come back). */
async function countsShared(first: ChildServer, second: ChildServer): Promise<void> {
  await waitFor(
    async () => {
      const address = `198.51.100.${++probes}`;
      await signInFrom(first.baseUrl, address, 'nobody', 'not-a-password');
      return (await signInFrom(second.baseUrl, address, 'nobody', 'not-a-password')).remaining === SIGN_IN_ATTEMPTS_PER_MINUTE - 2;
    },
    'the nodes to count in Redis together',
    WAIT_MS,
    200,
  );
}

type Subscribe = (socket: TestSocket, since: number) => Promise<SubscribeAck>;

/**
 * A screen as the real client keeps it: one ChangeCursor over live pushes and replays, moved to
 * another node with its position when its node goes away.
 */
class Screen {
  readonly applied: ChangeEvent[] = [];
  readonly sockets: TestSocket[] = [];
  private readonly cursor: ChangeCursor;

  constructor(
    private readonly cookie: string,
    private readonly subscribe: Subscribe,
    since: number,
  ) {
    this.cursor = new ChangeCursor((change) => this.applied.push(change), since);
  }

  get position(): number {
    return this.cursor.position;
  }

  get socket(): TestSocket | undefined {
    return this.sockets.at(-1);
  }

  async attach(baseUrl: string): Promise<void> {
    const socket = new TestSocket(baseUrl, { cookie: this.cookie, timeoutMs: WAIT_MS });
    socket.socket.on('changes', (batch) => {
      for (const change of batch) this.cursor.push(change);
    });
    await socket.connect();
    this.sockets.push(socket);
    this.cursor.beginReplay();
    const ack = await this.subscribe(socket, this.cursor.position);
    if (!ack.ok) throw new Error(`subscribe refused: ${ack.message}`);
    if (ack.resync) throw new Error('subscribe answered resync');
    this.cursor.endReplay(ack.missed);
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }
}

const wardScreen: Subscribe = (socket, since) => socket.subscribeWard(since);
const sessionScreen =
  (sessionId: string): Subscribe =>
  (socket, since) =>
    socket.subscribeSession(sessionId, since);

/** Every push a socket received came once and in order (the cursor would hide repeats). */
function expectPushedInOrderOnce(sockets: readonly TestSocket[]): void {
  for (const socket of sockets) {
    const seqs = seqsOf(socket.changes);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Number.POSITIVE_INFINITY);
  }
}

const postgresUrl = inject('postgresUrl');
const unavailable = !postgresUrl ? inject('postgresUnavailable') || 'no PostgreSQL server was started' : redisUnavailableReason();

describeWhen(unavailable === undefined, unavailable ?? '', 'several nodes sharing PostgreSQL and Redis', () => {
  let databaseUrl = '';
  let redis: RestartableRedis;
  let nodeA: ChildServer;
  let nodeB: ChildServer;
  let sessionId = '';
  let nurseCookie = '';
  let reviewerCookie = '';
  let physicianCookie = '';
  const screens: Screen[] = [];
  const sockets: TestSocket[] = [];

  const connect = async (baseUrl: string, cookie: string): Promise<TestSocket> => {
    const socket = new TestSocket(baseUrl, { cookie, timeoutMs: WAIT_MS });
    sockets.push(socket);
    await socket.connect();
    return socket;
  };
  const headSeq = async (baseUrl: string): Promise<number> =>
    expectStatus(await new ApiClient(baseUrl, reviewerCookie).get<{ headSeq: number }>(`/api/changes?since=${Number.MAX_SAFE_INTEGER}`), 200).headSeq;
  const logSince = async (baseUrl: string, since: number, onlySession?: string): Promise<ChangeEvent[]> => {
    const query = onlySession ? `since=${since}&sessionId=${onlySession}` : `since=${since}`;
    const feed = expectStatus(await new ApiClient(baseUrl, reviewerCookie).get<{ missed: ChangeEvent[]; resync: boolean }>(`/api/changes?${query}`), 200);
    expect(feed.resync).toBe(false);
    return feed.missed;
  };
  /** The screen ends up holding exactly the log after `since`: every change once, in order, none extra. */
  const expectHoldsLog = async (screen: Screen, since: number, onlySession?: string): Promise<void> => {
    const log = await logSince(nodeB.baseUrl, since, onlySession);
    const last = log.at(-1)?.seq ?? since;
    await waitFor(() => screen.position >= last, `a screen to reach seq ${last}`, WAIT_MS);
    expect(screen.applied.filter((change) => change.seq <= last)).toEqual(log);
  };
  const record = async (socket: TestSocket, value = 70): Promise<string> => {
    const observation = heartRate(sessionId, value);
    const ack = await socket.recordObservations([observation]);
    expect(ack).toMatchObject({ ok: true, results: [{ id: observation.id, created: true }] });
    return observation.id;
  };
  const startNode = async (): Promise<ChildServer> =>
    spawnServer({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, LOG_LEVEL: 'warn', TRUST_PROXY: 'true' }, [], 60_000);

  beforeAll(async () => {
    if (!postgresUrl) throw new Error('no PostgreSQL');
    databaseUrl = await createTestDatabase(postgresUrl, 'chairside_nodes');
    // The clinic (demo users, a chair, a checked-in session) is set up through one in-process server first.
    sessionId = await prepareCheckedInSession({ engine: 'postgres', url: databaseUrl });

    redis = new RestartableRedis(await freePort(), WAIT_MS);
    await redis.start();
    [nodeA, nodeB] = await Promise.all([startNode(), startNode()]);
    // Sign-ins live in the database: a cookie from one node is good on the other.
    nurseCookie = await signInCookies(nodeA.baseUrl, 'nurse', DEMO_PASSWORD);
    reviewerCookie = await signInCookies(nodeB.baseUrl, 'reviewer', DEMO_PASSWORD);
    physicianCookie = await signInCookies(nodeA.baseUrl, 'physician', DEMO_PASSWORD);
    await waitFor(async () => (await listeningNodes(redis.port)) >= 2, 'both nodes to subscribe in Redis', WAIT_MS, 100);
  });

  afterAll(async () => {
    for (const screen of screens) screen.close();
    for (const socket of sockets) socket.close();
    await killAllSpawned();
    await redis?.remove();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('passes a write on node A to a subscriber on node B, announced through Redis', async () => {
    const listener = await overhear(redis.port);
    try {
      const onB = await connect(nodeB.baseUrl, reviewerCookie);
      expect(await onB.subscribeWard()).toMatchObject({ ok: true });
      const writer = await connect(nodeA.baseUrl, nurseCookie);
      const id = await record(writer);
      const pushed = await onB.waitForChange((change) => observationIdOf(change) === id, 'the reading written on node A');
      expect(pushed.sessionId).toBe(sessionId);
      // It went the fast way: node A announced it on the channel node B listens to.
      await waitFor(() => listener.heard().includes(id), 'node A to announce the reading', WAIT_MS);
    } finally {
      listener.close();
    }
  });

  it("closes a sign-in's socket on node B when it signs out through node A", async () => {
    const cookie = await signInCookies(nodeA.baseUrl, 'nurse', DEMO_PASSWORD);
    const token = /chairside_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    const onB = await connect(nodeB.baseUrl, cookie);
    const disconnected = new Promise<string>((resolve) => onB.socket.once('disconnect', (reason) => resolve(reason)));
    const listener = await overhear(redis.port);
    try {
      expectStatus(await new ApiClient(nodeA.baseUrl, cookie).post('/api/auth/logout'), 200);
      expect(await disconnected).toBe('io server disconnect');
      // Through Redis, by the sign-in's room (not left to the periodic re-check), and the token
      // itself never crosses the wire.
      await waitFor(() => listener.heard().includes(credentialRoom(token)), 'node A to ask every node to close the room', WAIT_MS);
      expect(listener.heard()).not.toContain(token);
    } finally {
      listener.close();
    }
  });

  it('keeps each node serving its own clients while Redis is down, and catches up once it is back', async () => {
    const since = await headSeq(nodeB.baseUrl);
    const wardOnA = new Screen(physicianCookie, wardScreen, since);
    const wardOnB = new Screen(reviewerCookie, wardScreen, since);
    const sessionOnB = new Screen(reviewerCookie, sessionScreen(sessionId), since);
    screens.push(wardOnA, wardOnB, sessionOnB);
    await Promise.all([wardOnA.attach(nodeA.baseUrl), wardOnB.attach(nodeB.baseUrl), sessionOnB.attach(nodeB.baseUrl)]);
    const writerOnA = await connect(nodeA.baseUrl, nurseCookie);
    const writerOnB = await connect(nodeB.baseUrl, nurseCookie);

    await redis.stop();
    // A node that starts while Redis is away starts all the same.
    const nodeC = await startNode();
    const wardOnC = new Screen(physicianCookie, wardScreen, since);
    screens.push(wardOnC);
    await wardOnC.attach(nodeC.baseUrl);
    const writerOnC = await connect(nodeC.baseUrl, nurseCookie);
    // Sign-in neither waits for Redis nor is refused for its absence: each node counts attempts alone meanwhile.
    for (const node of [nodeA, nodeC]) expect((await signInFrom(node.baseUrl, '192.0.2.10', 'nurse', DEMO_PASSWORD)).status).toBe(200);

    // Writes are acknowledged on every node, and each node's own subscribers get them live.
    const written = new Map<TestSocket, string[]>([
      [writerOnA, []],
      [writerOnB, []],
      [writerOnC, []],
    ]);
    for (let i = 0; i < 8; i++) {
      for (const [writer, ids] of written) ids.push(await record(writer, 60 + i));
    }
    const seen = (screen: Screen, ids: readonly string[]) => () => ids.every((id) => screen.applied.some((c) => observationIdOf(c) === id));
    const local: Array<[Screen, TestSocket, string]> = [
      [wardOnA, writerOnA, 'A'],
      [wardOnB, writerOnB, 'B'],
      [wardOnC, writerOnC, 'C'],
    ];
    for (const [screen, writer, node] of local) {
      await waitFor(seen(screen, written.get(writer) ?? []), `node ${node} to push its own writes while Redis is down`, WAIT_MS);
    }

    await redis.start();
    await waitFor(async () => (await listeningNodes(redis.port)) >= 3, 'every node to subscribe again', WAIT_MS, 100);
    const listener = await overhear(redis.port);
    try {
      const afterOutage = await record(writerOnA, 90);
      await waitFor(() => listener.heard().includes(afterOutage), 'node A to announce through Redis again', WAIT_MS);
      const everything = [...[...written.values()].flat(), afterOutage];
      for (const screen of [wardOnB, sessionOnB, wardOnA, wardOnC]) await waitFor(seen(screen, everything), 'every write on each screen', WAIT_MS);
    } finally {
      listener.close();
    }

    // Each screen holds the log exactly: every change once, in order, nothing extra, nothing missing.
    for (const screen of [wardOnA, wardOnB, wardOnC]) await expectHoldsLog(screen, since);
    await expectHoldsLog(sessionOnB, since, sessionId);
    expectPushedInOrderOnce([wardOnA, wardOnB, wardOnC, sessionOnB].flatMap((screen) => screen.sockets));
    // No node stopped on account of Redis.
    for (const node of [nodeA, nodeB, nodeC]) expect((await fetch(`${node.baseUrl}/api/health`)).status).toBe(200);
    wardOnC.close();
    await nodeC.stop();
  }, LONG_TEST_MS);

  it('counts sign-in attempts from one address on every node together, so the limit holds for the clinic', async () => {
    // Redis was restarted by the test before: it has forgotten the counting scripts, and the nodes reload them.
    await countsShared(nodeA, nodeB);
    const address = '203.0.113.7';
    const half = SIGN_IN_ATTEMPTS_PER_MINUTE / 2;
    for (let attempt = 0; attempt < SIGN_IN_ATTEMPTS_PER_MINUTE; attempt++) {
      const node = attempt < half ? nodeA : nodeB;
      const refused = await signInFrom(node.baseUrl, address, 'nobody', 'not-a-password');
      expect(refused.status).toBe(401);
      expect(refused.remaining).toBe(SIGN_IN_ATTEMPTS_PER_MINUTE - attempt - 1);
    }
    // Counted per node, each would still allow half of the attempts again.
    for (const node of [nodeA, nodeB]) {
      const limited = await signInFrom(node.baseUrl, address, 'nurse', DEMO_PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: 'rate_limited' });
    }
    expect((await signInFrom(nodeB.baseUrl, '203.0.113.8', 'nurse', DEMO_PASSWORD)).status).toBe(200);
  }, LONG_TEST_MS);

  it("moves node A's screens to node B with their cursor when A is killed mid-stream, losing and repeating nothing", async () => {
    const since = await headSeq(nodeB.baseUrl);
    const ward = new Screen(reviewerCookie, wardScreen, since);
    const session = new Screen(physicianCookie, sessionScreen(sessionId), since);
    screens.push(ward, session);
    await Promise.all([ward.attach(nodeA.baseUrl), session.attach(nodeA.baseUrl)]);

    const acknowledged = new Set<string>();
    const problems: string[] = [];
    let killed = false;
    let stop = false;
    /** Writes one reading at a time; when its node goes away it carries on through node B, as a client would. */
    const writer = async (startOn: string) => {
      let socket = await connect(startOn, nurseCookie);
      let n = 0;
      while (!stop) {
        const observation = heartRate(sessionId, 60 + (n++ % 20));
        try {
          const ack = await socket.recordObservations([observation]);
          if (ack.ok && ack.results[0]?.created) acknowledged.add(observation.id);
          else problems.push(JSON.stringify(ack));
        } catch (error) {
          if (!killed) problems.push((error as Error).message);
        }
        if (!socket.socket.connected) {
          if (!killed) problems.push('a writer lost its node before the kill');
          socket = await connect(nodeB.baseUrl, nurseCookie);
        }
      }
    };
    const writing = Promise.all([writer(nodeA.baseUrl), writer(nodeB.baseUrl)]);

    await waitFor(() => acknowledged.size >= 60 && ward.applied.length > 0 && session.applied.length > 0, 'writes to flow through node A', WAIT_MS);
    killed = true;
    await nodeA.kill();
    const atKill = acknowledged.size;
    // A's screens notice and move to B with where they were.
    await waitFor(() => ward.socket?.socket.connected === false && session.socket?.socket.connected === false, "node A's screens to notice", WAIT_MS);
    await Promise.all([ward.attach(nodeB.baseUrl), session.attach(nodeB.baseUrl)]);
    await waitFor(() => acknowledged.size >= atKill + 60, 'writes to go on through node B', WAIT_MS);
    stop = true;
    await writing;
    expect(problems).toEqual([]);

    await expectHoldsLog(ward, since);
    await expectHoldsLog(session, since, sessionId);
    for (const screen of [ward, session]) {
      const ids = screen.applied.map(observationIdOf).filter((id) => id !== undefined);
      expect(new Set(ids).size).toBe(ids.length);
      const missing = [...acknowledged].filter((id) => !ids.includes(id));
      expect(missing, 'acknowledged readings the screen never got').toEqual([]);
      const seqs = seqsOf(screen.applied);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expectPushedInOrderOnce([...ward.sockets, ...session.sockets]);
  }, LONG_TEST_MS);
});
