import fs from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

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

/** Page errors and console errors, collected so a test can assert the page stayed clean. */
export function collectPageProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
}

/** Signs in through the form as a demo user (password of the demo seed). */
export async function signInThroughForm(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('chairside-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
