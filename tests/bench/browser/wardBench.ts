import type { BenchResult, BenchSuite } from '../benchResult.ts';
import { type BenchBrowser, sleep, startBenchBrowser } from './harness.ts';

const WALL = { width: 1920, height: 1080 };
const WARM_UP_MS = 2_000;
const WINDOW_MS = 10_000;
const BUSY_TARGET = 20;

/**
 * The physician's wall: twelve chairs, each monitor sending a heart rate and an SpO₂ together
 * every second (24 changes a second in 12 deliveries, applied through the ward patch and the query
 * cache as from the socket), for 10 s. Busy = main-thread task time (CDP TaskDuration) over wall time, ours (sparklines in inline
 * SVG, memoised cards) beside the same wall with each card's trends in plain Recharts fed every
 * reading since check-in.
 */
export const wardSuite: BenchSuite = {
  title: 'Ward wall: 12 chairs streaming at 1 Hz (browser)',
  async run() {
    const browser = await startBenchBrowser();
    try {
      const ours = await busy(browser, 'ours');
      const plain = await busy(browser, 'plain');
      const result: BenchResult = {
        name: 'main thread busy, 12 chairs × (HR + SpO₂) per second',
        value: ours,
        unit: '%',
        reference: { name: 'every card plain Recharts, every point', value: plain },
        ratio: plain / Math.max(ours, 0.01),
        target: `≤ ${BUSY_TARGET} %`,
        met: ours <= BUSY_TARGET,
        detail: `${WINDOW_MS / 1000} s window after ${WARM_UP_MS / 1000} s warm-up, 1920×1080`,
      };
      return [result];
    } finally {
      await browser.close();
    }
  },
};

async function busy(browser: BenchBrowser, variant: 'ours' | 'plain'): Promise<number> {
  const page = await browser.open(WALL);
  try {
    await page.call('mountWard', variant);
    await page.call('startStreaming', variant);
    await sleep(WARM_UP_MS);
    const taskBefore = await page.taskMs();
    const wallBefore = Date.now();
    await sleep(WINDOW_MS);
    const taskMs = (await page.taskMs()) - taskBefore;
    const wallMs = Date.now() - wallBefore;
    await page.call('stopStreaming');
    return (taskMs / wallMs) * 100;
  } finally {
    await page.call('unmount');
    await page.close();
  }
}
