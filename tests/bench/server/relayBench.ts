import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { type Socket, io } from 'socket.io-client';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import { startTestServer } from '../../support/testServer.ts';
import type { BenchResult } from '../benchResult.ts';
import { openChairs } from './chairs.ts';

const CHAIRS = 200;
const DASHBOARDS = 100;
const SECONDS = 8;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** 200 chairs at 1 Hz through the real store and relay, 100 ward dashboards: ingest→dashboard latency. */
async function oursLatency(): Promise<{ p50: number; p99: number; delivered: number; expected: number }> {
  const server = await startTestServer();
  try {
    const sessions = await openChairs(server, CHAIRS);
    const cookie = await server.signIn('physician');
    const dashboards: Socket[] = [];
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (let i = 0; i < DASHBOARDS; i++) {
      const socket = io(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await socket.emitWithAck('ward:subscribe', {});
      socket.on('change', (change: ChangeEvent) => {
        if (change.type !== 'observation.recorded') return;
        const at = sentAt.get(change.payload.observation.id);
        if (at !== undefined) latencies.push(performance.now() - at);
      });
      dashboards.push(socket);
    }
    const gateway = io(server.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: await server.signIn('nurse') }, forceNew: true });
    await new Promise<void>((resolve) => gateway.once('connect', () => resolve()));
    let sent = 0;
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      const tickStart = Date.now();
      // One reading per chair per second, spread over the second as monitors would send them.
      for (let c = 0; c < CHAIRS; c++) {
        const id = randomUUID();
        sentAt.set(id, performance.now());
        gateway.emit('observations:record', {
          observations: [{ id, sessionId: sessions[c] ?? '', kind: 'heartRate', value: 70, observedAt: new Date(Date.now() - 500).toISOString(), source: 'device', deviceId: `m${c}` }],
        });
        sent++;
        if (c % 20 === 19) await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tickStart))));
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (const d of dashboards) d.close();
    gateway.close();
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), delivered: latencies.length, expected: sent * DASHBOARDS };
  } finally {
    await server.close();
  }
}

/** Saturation throughput of a relay: one producer, `DASHBOARDS` receivers, messages in per second. */
async function saturation(url: string, emit: (socket: Socket, i: number) => void, receivers: Socket[], producer: Socket): Promise<number> {
  let received = 0;
  for (const r of receivers) r.on('change', () => received++);
  const end = Date.now() + 4000;
  let i = 0;
  while (Date.now() < end) {
    for (let k = 0; k < 50; k++) emit(producer, i++);
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 1000));
  void url;
  return received / receivers.length / 4;
}

async function bareRelayThroughput(): Promise<number> {
  const httpServer = http.createServer();
  const relay = new Server(httpServer);
  relay.on('connection', (socket) => {
    void socket.join('ward');
    socket.on('relay', (payload: unknown) => relay.to('ward').emit('change', payload));
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const receivers = await Promise.all(Array.from({ length: DASHBOARDS }, () => connect(url, {})));
  const producer = await connect(url, {});
  const rate = await saturation(url, (s, i) => s.emit('relay', { seq: i, observation: { id: randomUUID(), value: 70 } }), receivers, producer);
  for (const r of receivers) r.close();
  producer.close();
  await new Promise<void>((r) => relay.close(() => r()));
  return rate;
}

async function oursThroughput(): Promise<number> {
  const server = await startTestServer();
  try {
    const sessions = await openChairs(server, CHAIRS);
    const cookie = await server.signIn('physician');
    const receivers = await Promise.all(Array.from({ length: DASHBOARDS }, () => connect(server.baseUrl, { cookie })));
    for (const r of receivers) await r.emitWithAck('ward:subscribe', {});
    const producer = await connect(server.baseUrl, { cookie: await server.signIn('nurse') });
    const rate = await saturation(
      server.baseUrl,
      (s, i) =>
        s.emit('observations:record', {
          observations: [{ id: randomUUID(), sessionId: sessions[i % CHAIRS] ?? '', kind: 'heartRate', value: 70, observedAt: new Date(Date.now() - 500).toISOString(), source: 'device', deviceId: 'm' }],
        }),
      receivers,
      producer,
    );
    for (const r of receivers) r.close();
    producer.close();
    return rate;
  } finally {
    await server.close();
  }
}

function connect(url: string, options: { cookie?: string }): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function relayBench(): Promise<BenchResult[]> {
  const latency = await oursLatency();
  const bare = await bareRelayThroughput();
  const ours = await oursThroughput();
  return [
    {
      name: `ingest→dashboard p50, ${CHAIRS} chairs × 1 Hz, ${DASHBOARDS} dashboards`,
      value: latency.p50,
      unit: 'ms',
      target: 'informational',
      met: true,
      detail: `${latency.delivered} of ${latency.expected} deliveries`,
    },
    {
      name: `ingest→dashboard p99, ${CHAIRS} chairs × 1 Hz, ${DASHBOARDS} dashboards`,
      value: latency.p99,
      unit: 'ms',
      target: '≤ 50 ms, nothing lost',
      met: latency.p99 <= 50 && latency.delivered === latency.expected,
      detail: `${latency.delivered} of ${latency.expected} deliveries`,
    },
    {
      name: `relay saturation, stored and numbered, ${DASHBOARDS} dashboards (msgs/s in)`,
      value: ours,
      unit: 'msg/s',
      reference: { name: 'bare Socket.IO relay, nothing stored', value: bare },
      ratio: ours / bare,
      target: '≥ 0.8× bare relay',
      met: ours / bare >= 0.8,
    },
  ];
}
