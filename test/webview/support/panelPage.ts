/**
 * Loads the built webview (dist/webview) into real Chromium inside the page
 * src/panel/panelHtml.ts generates, with its strict CSP, served from a fake
 * webview origin. The page's `acquireVsCodeApi` records what it posts, and
 * host messages are delivered as window `message` events, as in VS Code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { type HostToWebviewMessage, type WebviewToHostMessage } from '../../../shared/panelProtocol';
import { createNonce, panelHtml } from '../../../src/panel/panelHtml';
import { themeBodyClass, themeStylesheet, type ThemeName } from './themes';

export const REPO_ROOT = resolve(__dirname, '../../..');
const DIST_WEBVIEW = join(REPO_ROOT, 'dist/webview');
const ORIGIN = 'https://webview.test';

/** Builds the webview bundle exactly as `node esbuild.config.mjs --only=webview` does. */
export function buildWebview(): void {
  execFileSync(process.execPath, ['esbuild.config.mjs', '--only=webview'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** The same system Chromium, found and launched the same way, as the integration and e2e hosts. */
export { launchChromium } from '../../../tools/host/browser';

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface PanelPage {
  page: Page;
  /** Console errors and warnings, page errors, and any request after the document (it inlines everything). */
  problems: string[];
  posted(): Promise<WebviewToHostMessage[]>;
  send(message: HostToWebviewMessage): Promise<void>;
  /** Resolves once the page has posted `rendered` `count` times in total. */
  waitForRendered(count: number): Promise<void>;
  violations(): Promise<CspViolation[]>;
  /** What the page stored with setState. */
  storedState(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Runs before the page's own scripts (injected by the browser, so the CSP does
 * not apply to it): the recording `acquireVsCodeApi` and a CSP violation log.
 * A string, because tsx rewrites functions it compiles in ways that don't
 * survive serialisation into the page.
 */
const INIT_SCRIPT = `
  window.__posted = [];
  window.__violations = [];
  window.__stored = undefined;
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample });
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return {
      postMessage: (message) => { window.__posted.push(message); },
      getState: () => window.__stored,
      setState: (state) => { window.__stored = state; return state; },
    };
  };
`;

declare global {
  interface Window {
    __posted: unknown[];
    __violations: CspViolation[];
    __stored: unknown;
  }
}

export async function openPanel(
  browser: Browser,
  options: {
    theme: ThemeName;
    locale?: string;
    l10n?: Record<string, string>;
    width?: number;
    height?: number;
    /** Pins Date.now() in the page (timers still run). */
    now?: number;
  },
): Promise<PanelPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 920, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    timezoneId: 'America/New_York',
    locale: options.locale ?? 'en-US',
  });
  if (options.now !== undefined) await context.clock.setFixedTime(options.now);
  const problems: string[] = [];
  const nonce = createNonce();
  // As in the extension host: script and styles inline, so the document is the only request.
  const html = panelHtml({
    nonce,
    script: readFileSync(join(DIST_WEBVIEW, 'main.js'), 'utf8'),
    styles: [themeStylesheet(options.theme), readFileSync(join(DIST_WEBVIEW, 'main.css'), 'utf8')],
    bootstrap: { locale: options.locale ?? 'en-US', l10n: options.l10n ?? {} },
    title: 'Manage Plan',
  });

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.href === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html', body: html });
    problems.push(`request after the document: ${url.href}`);
    return route.abort();
  });

  await context.addInitScript({ content: INIT_SCRIPT });

  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${ORIGIN}/index.html`);
  // As VS Code does, mark the theme kind on the body.
  await page.evaluate((cls) => document.body.classList.add(cls), themeBodyClass(options.theme));

  return {
    page,
    problems,
    posted: () => page.evaluate(() => window.__posted as WebviewToHostMessage[]),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    waitForRendered: async (count) => {
      await page.waitForFunction(
        (n) => window.__posted.filter((m) => (m as { type: string }).type === 'rendered').length >= n,
        count,
      );
    },
    violations: () => page.evaluate(() => window.__violations),
    storedState: () => page.evaluate(() => window.__stored),
    close: () => context.close(),
  };
}
