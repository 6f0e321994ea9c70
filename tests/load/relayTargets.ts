import { randomUUID } from 'node:crypto';
import { type SpawnedStore, sqliteStore } from '../support/spawnedStore.ts';
import { startBareRelay } from './bareRelay.ts';
import { setUpLoadClinic } from './loadClinic.ts';
import { SocketProducer } from './producer.ts';
import { LOAD_SERVER_ENV } from './serverEnv.ts';

/**
 * A relay under measurement, in a process of its own: our server (validated, stored, numbered,
 * then pushed) or the bare Socket.IO reference (pushed only). Both take the same producers and
 * the same dashboard fleet, so the comparison differs in the relay alone.
 */
export interface RelayTarget {
  name: string;
  url: string;
  pid: number;
  sessions: string[];
  /** Cookie header for the dashboards (none for the bare relay). */
  readerCookie: string | undefined;
  connectProducers(): Promise<SocketProducer[]>;
  close(): Promise<void>;
}

/** Our server as production runs it (`server/main.ts`), on SQLite in a temp directory. */
export async function ourServer(chairs: number, gateways: number): Promise<RelayTarget> {
  const store: SpawnedStore = sqliteStore();
  const server = await store.start(LOAD_SERVER_ENV);
  try {
    const clinic = await setUpLoadClinic(server.baseUrl, chairs, gateways);
    return {
      name: 'Chairside (SQLite, synchronous=FULL)',
      url: server.baseUrl,
      pid: server.pid,
      sessions: clinic.sessions,
      readerCookie: clinic.readerCookie,
      connectProducers: () =>
        Promise.all(clinic.deviceTokens.map((token, i) => SocketProducer.connect({ name: `gateway ${i + 1}`, url: server.baseUrl, token }))),
      async close() {
        await server.stop();
        await store.remove();
      },
    };
  } catch (error) {
    await server.stop();
    await store.remove();
    throw error;
  }
}

/** The bare Socket.IO relay: nothing validated or stored. */
export async function bareRelay(chairs: number, gateways: number): Promise<RelayTarget> {
  const relay = await startBareRelay();
  return {
    name: 'bare Socket.IO relay, nothing stored',
    url: relay.url,
    pid: relay.pid,
    sessions: Array.from({ length: chairs }, () => randomUUID()),
    readerCookie: undefined,
    connectProducers: () => Promise.all(Array.from({ length: gateways }, (_, i) => SocketProducer.connect({ name: `gateway ${i + 1}`, url: relay.url }))),
    close: () => relay.stop(),
  };
}
