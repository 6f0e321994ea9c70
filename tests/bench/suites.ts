import type { BenchSuite } from './benchResult.ts';
import { chartSuite } from './browser/chartBench.ts';
import { initialJsSuite } from './browser/initialJs.ts';
import { wardSuite } from './browser/wardBench.ts';
import { historySuite, ingestSuite, relaySuite } from './server/serverSuites.ts';

/** Every benchmark suite `npm run bench` runs, in order. */
export const suites: BenchSuite[] = [chartSuite, wardSuite, initialJsSuite, historySuite, ingestSuite, relaySuite];
