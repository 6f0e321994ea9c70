import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The system Chromium; Playwright's own browser download is not available here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, deterministic, sandbox-free (containers): no GPU, no background traffic, no QUIC. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}
