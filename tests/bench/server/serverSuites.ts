import type { BenchSuite } from '../benchResult.ts';
import { historyBench } from './historyBench.ts';
import { ingestBench } from './ingestBench.ts';
import { relayBench } from './relayBench.ts';

export const ingestSuite: BenchSuite = {
  title: 'Durable ingest (SQLite with synchronous=FULL, and PostgreSQL)',
  run: () => ingestBench(),
};

export const relaySuite: BenchSuite = {
  title: 'Relay: ingest to dashboard, and saturation beside a bare Socket.IO relay',
  run: () => relayBench(),
};

export const historySuite: BenchSuite = {
  title: 'History at 100,000 sessions and a 4-hour 1 Hz session record (SQLite)',
  run: () => historyBench(),
};
