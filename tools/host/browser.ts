/** Headless Chromium from the system (no browser download), driven by playwright-core. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

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

/**
 * A browser context for a code-server workbench. code-server registers a
 * service worker of its own (a PWA shell, scope "/", served from
 * /_static/out/browser/serviceWorker.js) whose activation claims every page of
 * the origin — webview host pages included, since code-server serves
 * webviews from the workbench's own origin (VS Code web gives each webview
 * its own). When it activates after a webview started waiting for its own
 * worker, that webview posts its handshake to code-server's worker, which
 * never answers, and no webview of that window loads again until a reload.
 * Tests open webviews seconds after the workbench loads, on a busy machine,
 * so the race is common there; the context declines that worker (404) so
 * every run meets the same host. The panel still recovers by itself from a
 * webview that never loads (src/panel/panelController.ts).
 */
export async function newWorkbenchContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route('**/_static/out/browser/serviceWorker.js', (route) => route.fulfill({ status: 404, body: '' }));
  return context;
}

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = chromiumExecutable();
  if (!executablePath) {
    throw new Error('No Chromium found: install it (apt-get install -y chromium) or set PLAN_BILLING_CHROMIUM.');
  }
  return chromium.launch({ executablePath, headless: options.headless ?? true, args: chromiumArgs });
}
