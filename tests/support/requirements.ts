import { describe } from 'vitest';

/**
 * A suite that needs something outside Node (PostgreSQL, Redis, Chromium) runs when it is there,
 * skips with a one-line reason when it is not, and fails outright in CI, where nothing may skip.
 */
export function describeWhen(available: boolean, reason: string, name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`${name} cannot run in CI: ${reason}`);
    });
    return;
  }
  console.warn(`[skip] ${name}: ${reason}`);
  describe.skip(name, body);
}
