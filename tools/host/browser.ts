/** Headless Chromium from the system (no browser download), driven by playwright-core. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** $PLAN_BILLING_CHROMIUM, else the first system Chromium found, else undefined. */
export function chromiumExecutable(): string | undefined {
  const override = process.env.PLAN_BILLING_CHROMIUM;
  if (override) return existsSync(override) ? override : undefined;
  return candidates.find((path) => existsSync(path));
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = chromiumExecutable();
  if (!executablePath) {
    throw new Error('No Chromium found: install it (apt-get install -y chromium) or set PLAN_BILLING_CHROMIUM.');
  }
  return chromium.launch({ executablePath, headless: options.headless ?? true, args: chromiumArgs });
}
