import type { BenchSuite } from './benchResult.ts';

/** Every benchmark suite `npm run bench` runs, in order. */
export const suites: BenchSuite[] = [];
