import type { BenchSuite } from '../benchResult.ts';
import { ingestBench } from './ingestBench.ts';
import { relayBench } from './relayBench.ts';

export const ingestSuite: BenchSuite = {
  title: 'Durable ingest (SQLite, synchronous=FULL)',
  run: () => ingestBench('sqlite'),
};

export const relaySuite: BenchSuite = {
  title: 'Relay: ingest to dashboard, and saturation beside a bare Socket.IO relay',
  run: () => relayBench(),
};
