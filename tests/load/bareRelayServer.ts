import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { ClientToServerEvents, RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { Observation } from '../../shared/schemas/observation.ts';

/**
 * The reference relay for the relay benchmark, in its own process like our server: the same
 * socket events, payload shapes and push coalescing, but nothing validated, stored or numbered
 * durably. Readings that arrive in the same turn of the event loop are stamped with a counter,
 * pushed to the ward room as one `changes` message (as our server pushes one message per commit),
 * then acknowledged. Prints `{"port":N}` on stdout once it listens.
 */

interface RelayPush {
  changes: (events: ChangeEvent[]) => void;
}

const httpServer = http.createServer();
const io = new Server<Pick<ClientToServerEvents, 'ward:subscribe' | 'observations:record'>, RelayPush>(httpServer, {
  serveClient: false,
  maxHttpBufferSize: 1_000_000,
});
let seq = 0;
let run: ChangeEvent[] = [];
let acks: Array<() => void> = [];

function flush(): void {
  const pushed = run;
  const answers = acks;
  run = [];
  acks = [];
  io.to('ward').emit('changes', pushed);
  for (const answer of answers) answer();
}

/** The shape our server pushes for a device reading, so both relays move the same bytes. */
function asStored(input: { id: string; sessionId: string; value?: number; observedAt: string; deviceId?: string }, at: string): Observation {
  return {
    id: input.id,
    sessionId: input.sessionId,
    kind: 'heartRate',
    value: input.value ?? 0,
    value2: null,
    unit: '/min',
    interpretation: { value: 'normal' },
    abnormal: false,
    observedAt: input.observedAt,
    observedOffsetMinutes: 0,
    recordedAt: at,
    source: 'device',
    deviceId: input.deviceId ?? null,
    onOxygen: null,
    sourceValue: null,
    sourceValue2: null,
    sourceUnit: null,
    recordedBy: '00000000-0000-4000-8000-000000000000',
    recordedByName: 'Bare relay gateway',
    status: 'final',
    amendsId: null,
    supersededById: null,
    statusReason: null,
  };
}

io.on('connection', (socket) => {
  socket.on('ward:subscribe', (_request, ack) => {
    void socket.join('ward');
    ack({ ok: true, missed: [], headSeq: seq, resync: false });
  });
  socket.on('observations:record', (request, ack) => {
    const at = new Date().toISOString();
    const results: RecordedResult[] = [];
    if (run.length === 0) setImmediate(flush);
    for (const input of request.observations) {
      const observation = asStored(input as Parameters<typeof asStored>[0], at);
      run.push({ seq: ++seq, type: 'observation.recorded', sessionId: input.sessionId, at, payload: { observation } });
      results.push({ id: input.id, created: true });
    }
    acks.push(() => ack({ ok: true, results }));
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (httpServer.address() as AddressInfo).port }));
});

process.on('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
