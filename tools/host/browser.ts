/** Headless Chromium from the system (no browser download), driven by playwright-core. */
import { createHash } from 'node:crypto';
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
  await context.route(
    (url) => url.pathname.endsWith(WEBVIEW_HOST_PAGE),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: oneWebviewWorkerUrl(await response.text()) });
    },
  );
  return context;
}

const WEBVIEW_HOST_PAGE = '/contrib/webview/browser/pre/index.html';
const WORKER_ID_PARAM = '&id=${ID}&remoteAuthority=';

/**
 * The webview host page (VS Code's pre/index.html, as code-server serves it)
 * with one service-worker script URL for every webview. The page registers
 * `service-worker.js?…&id=<this webview's id>`; VS Code web gives every
 * webview its own origin, so each has its own worker, but code-server serves
 * them all from the workbench's origin, so each new webview's URL replaces
 * the worker every open webview is controlled by, and on Chromium 150 that
 * update sometimes never activates: the new webview waits for
 * `controllerchange` forever and every later one queues behind it (blank
 * panels in three of four full e2e runs, main as landed included; recreating
 * the webview cannot help; docs/testing.md). The worker reads the id only for worker clients,
 * which no webview here has; window clients carry it in their own URL. The
 * page's CSP pins its one inline script by hash, so the hash is recomputed.
 * Fails loudly when the page no longer has the expected shape.
 */
export function oneWebviewWorkerUrl(html: string): string {
  const script = /<script\b[^>]*>([\s\S]*?)<\/script>/.exec(html);
  const oldHash = script ? createHash('sha256').update(script[1]!).digest('base64') : undefined;
  if (!script || !oldHash || !html.includes(`'sha256-${oldHash}'`) || !script[1]!.includes(WORKER_ID_PARAM)) {
    throw new Error(`${WEBVIEW_HOST_PAGE}: unexpected page (its inline script, CSP hash or service-worker URL changed); update tools/host/browser.ts`);
  }
  const patched = script[1]!.replace(WORKER_ID_PARAM, '&remoteAuthority=');
  const newHash = createHash('sha256').update(patched).digest('base64');
  return html.replace(script[1]!, () => patched).replace(`'sha256-${oldHash}'`, `'sha256-${newHash}'`);
}

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = chromiumExecutable();
  if (!executablePath) {
    throw new Error('No Chromium found: install it (apt-get install -y chromium) or set PLAN_BILLING_CHROMIUM.');
  }
  return chromium.launch({ executablePath, headless: options.headless ?? true, args: chromiumArgs });
}
