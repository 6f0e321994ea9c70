import net from 'node:net';
import fc from 'fast-check';
import { Client, type Connection, type InboundResponse, Message } from 'node-hl7-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSimulator } from '../../server/demo/simulator.ts';
import { MAX_FRAME_BYTES, MllpDecoder, mllpFrame } from '../../server/ingest/mllp.ts';
import { createLogger } from '../../server/logger.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import { describeEachEngine, type ServerFixture } from '../support/engines.ts';
import { waitFor } from '../support/freePort.ts';
import { ApiClient } from '../support/api.ts';
import { type TestServer, startTestServer } from '../support/testServer.ts';
import { type Running, fixture, mapDevice, observationsOf, runningSession, sample, samplesPresent } from '../fixtures/ingest/support.ts';

const VT = '\x0b';
const FS_CR = '\x1c\r';

describe('MLLP framing', () => {
  it('cuts frames out of any split of the stream, junk between frames reported, never merged', () => {
    const messages = ['MSH|^~\\&|A|1', 'MSH|^~\\&|B|2\rOBX|1|NM|x', 'MSH|^~\\&|C|\x1c3'];
    const stream = Buffer.concat([Buffer.from('\r\n'), ...messages.map((m) => mllpFrame(m)), Buffer.from('noise')]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const decoder = new MllpDecoder();
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const events = points.slice(1).flatMap((end, i) => decoder.push(stream.subarray(points[i], end)));
        expect(events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? e.payload.toString() : ''))).toEqual(messages);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('drops a frame cut off by a new start block, and an oversized one, with a report', () => {
    const decoder = new MllpDecoder();
    const events = decoder.push(Buffer.from(`${VT}MSH|cut-off${VT}MSH|^~\\&|whole${FS_CR}`));
    expect(events.map((e) => e.type)).toEqual(['junk', 'frame']);
    const big = decoder.push(Buffer.concat([Buffer.from(VT), Buffer.alloc(MAX_FRAME_BYTES + 10, 0x41)]));
    expect(big.map((e) => e.type)).toEqual(['oversized']);
    expect(decoder.push(mllpFrame('MSH|next')).map((e) => e.type)).toEqual(['frame']);
  });
});

/** Reads MLLP-framed answers from a raw socket. */
function collectAcks(socket: net.Socket): string[] {
  const acks: string[] = [];
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf(FS_CR); end >= 0; end = buffer.indexOf(FS_CR)) {
      acks.push(buffer.slice(buffer.indexOf(VT) + 1, end));
      buffer = buffer.slice(end + 2);
    }
  });
  return acks;
}

const msa = (ack: string): string[] => (ack.split('\r').find((s) => s.startsWith('MSA|')) ?? '').split('|').slice(1, 3);
const asCr = (text: string): string => text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '');

describeEachEngine('ingest: MLLP listener', (engine) => {
  let server: TestServer | undefined;
  const cookies = new Map<string, string>();
  const fx = {
    get server() {
      if (!server) throw new Error('not started');
      return server;
    },
    get baseUrl() {
      return fx.server.baseUrl;
    },
    cookie: (role: string) => cookies.get(role) ?? '',
    api: (role: string) => new ApiClient(fx.server.baseUrl, role === 'anonymous' ? undefined : cookies.get(role)),
    socket: () => Promise.reject(new Error('not used')),
  } as unknown as ServerFixture;
  let port = 0;
  let running: Running;
  let client: Client | undefined;
  let connection: Connection | undefined;
  const received: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(await engine.freshDatabase(), { mllp: { enabled: true, host: '127.0.0.1', port: 0 } });
    for (const role of ['nurse', 'admin']) cookies.set(role, await server.signIn(role));
    port = server.server.mllp?.port ?? 0;
    running = await runningSession(fx, '789567');
    await mapDevice(fx.api('admin'), running.chairId, 'device', 'ACDE48234567ABCD');
    await mapDevice(fx.api('admin'), running.chairId, 'device', '080019FFFF4F6AC0', 'America/New_York');
  });
  afterAll(async () => {
    await connection?.close();
    client?.closeAll();
    await server?.close();
  });

  it('listens on the configured address and a free port', () => {
    expect(port).toBeGreaterThan(0);
    expect(fx.server.server.mllp?.host).toBe('127.0.0.1');
  });

  it.runIf(samplesPresent)('an independent MLLP client (node-hl7-client) gets AA for a stored message, AE for unmapped rows, AR for an unsupported one', async () => {
    client = new Client({ host: '127.0.0.1' });
    connection = client.createConnection({ port, waitAck: true, maxConnectionAttempts: 5 }, async (response: InboundResponse) => {
      received.push(response.getMessage().toString());
    });
    await connection.sendMessage(new Message({ text: asCr(sample('hl7-continua-wan-pcd01-pulse-oximeter-ipf.hl7')) }));
    await waitFor(() => received.length === 1, 'the first ACK');
    // The gateway's patient is the one on the mapped chair here.
    await connection.sendMessage(new Message({ text: asCr(sample('hl7-ihe-pcd01-awaregateway-multiparam-ipf.hl7')).replace('AB60001', '789567') }));
    await waitFor(() => received.length === 2, 'the second ACK');
    await connection.sendMessage(new Message({ text: 'MSH|^~\\&|LAB|HOSP|||20251110||ADT^A01^ADT_A01|ADT-77|P|2.6\rPID|||1' }));
    await waitFor(() => received.length === 3, 'the third ACK');
    expect(received.map(msa)).toEqual([
      ['AA', 'MSGID1234'],
      ['AE', '12d15a9:11df9e61347:-7fee:30456965'],
      ['AR', 'ADT-77'],
    ]);
    expect(received[1]?.split('\r').filter((s) => s.startsWith('ERR|'))).toHaveLength(8);
    const observations: Observation[] = await observationsOf(fx, running.session.id);
    expect(observations.map((o) => [o.kind, o.value, o.observedAt]).sort()).toEqual([
      ['heartRate', 60, '2008-12-11T19:45:00.000Z'],
      ['spo2', 80.5, '2009-07-15T07:07:07.000Z'],
    ]);
  });

  it('a message split across TCP packets (FS and CR in separate reads) is read once and answered once', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const acks = collectAcks(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    const framed = mllpFrame(asCr(fixture('hl7-device-rows-fahrenheit.hl7')).replace('THERMO^0123456789ABCDEF', 'THERMO^ACDE48234567ABCD').replace('FH-4004', '789567'));
    const cuts = [1, 40, framed.length - 1];
    let from = 0;
    for (const cut of [...cuts, framed.length]) {
      socket.write(framed.subarray(from, cut));
      from = cut;
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitFor(() => acks.length === 1, 'the ACK of the split message');
    await new Promise((r) => setTimeout(r, 100));
    expect(acks).toHaveLength(1);
    expect(msa(acks[0] ?? '')).toEqual(['AE', 'FAHR-0001']);
    const temperatures = (await observationsOf(fx, running.session.id)).filter((o) => o.kind === 'temperature').map((o) => o.value).sort();
    expect(temperatures).toEqual([37.5, 38]);
    socket.destroy();
  });

  it('several messages in one packet get one ACK each, in order; junk and a frame that is not HL7 get AR', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const acks = collectAcks(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    const base = asCr(fixture('hl7-test-flags.hl7')).replace('00A0370000000042', 'ACDE48234567ABCD').replace('TF-1001', '789567');
    const packet = Buffer.concat([
      mllpFrame(base.replace('TEST-0001', 'PKT-1')),
      Buffer.from('garbage between frames'),
      mllpFrame(base.replace('TEST-0001', 'PKT-2').replace('|72|', '|73|').replace('92950', '92955')),
      mllpFrame('this is not HL7 at all'),
      mllpFrame(base.replace('TEST-0001', 'PKT-1')),
    ]);
    socket.write(packet);
    await waitFor(() => acks.length === 4, 'four ACKs');
    expect(acks.map(msa)).toEqual([
      ['AA', 'PKT-1'],
      ['AA', 'PKT-2'],
      ['AR', ''],
      ['AA', 'PKT-1'],
    ]);
    const heartRates = (await observationsOf(fx, running.session.id)).filter((o) => o.kind === 'heartRate').map((o) => o.value).sort();
    expect(heartRates).toEqual([60, 72, 73]);
    socket.destroy();
  });

  it('the demo simulator sends its monitors\' readings as ORU^R01 over MLLP, mapped to its chairs, answered AA', async () => {
    const services = fx.server.server.services;
    const simulator = new DemoSimulator(services, fx.server.cast, createLogger('silent'), 120);
    try {
      await simulator.start();
      // One live tick (the timer would do it every 5 s).
      await simulator.tick();
      const messages = await services.db.selectFrom('ingest_messages').select(['device_id', 'ack_code', 'stored_count']).where('channel', '=', 'mllp').where('device_id', 'like', 'C5A1D5%').execute();
      expect(messages.length).toBeGreaterThanOrEqual(1);
      expect(new Set(messages.map((m) => m.ack_code))).toEqual(new Set(['AA']));
      const viaHl7 = await services.db.selectFrom('observations').select(['kind', 'source']).where('device_id', 'like', 'C5A1D5%').execute();
      expect(viaHl7.length).toBeGreaterThanOrEqual(2);
      expect(new Set(viaHl7.map((o) => o.source))).toEqual(new Set(['device']));
      const mappings = await services.ingest.listMappings();
      expect(mappings.filter((m) => m.matchKey.startsWith('C5A1D5')).map((m) => m.chairLabel).sort()).toEqual(fx.server.cast.chairs.map((c) => c.label).sort());
    } finally {
      simulator.stop();
    }
  });
});
