/**
 * End-to-end support: a real sandbox and code-server with our extension (in
 * Development mode, or installed from a VSIX) and the fixture extension, a
 * headless Chromium on the workbench, and helpers for the UI journeys.
 *
 *   const workbench = useWorkbench();            // mocha hooks: open before, close after
 *   it('…', async () => { await workbench().statusBarItem().click(); });
 *
 * Portal pages: code-server would rewrite loopback URLs given to openExternal
 * into /proxy/<port>/ and drop their path; the session turns that rewrite off
 * (VSCODE_PROXY_URI=''), so waitForExternalPage() sees the sandbox URL the
 * extension opened, and fails loudly if a rewritten URL shows up again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { launchChromium, newWorkbenchContext } from '../../../tools/host/browser';
import { startCodeServerSession, type CodeServerSession, type CodeServerSessionOptions } from '../../../tools/host/codeServerSession';
import { codeServerVersion } from '../../../tools/host/codeServerInstall';
import { ConsoleTail, saveScreenshot } from '../../../tools/host/diagnostics';
import { extensionId } from '../../../tools/host/hostEnvironment';
import { repoRoot } from '../../../tools/host/paths';
import { secretsIn } from '../../support/secretScan';
import { paidAgentExtensionDir } from './paidAgentFixture';

export type ColorTheme = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** The built-in theme for each kind: its picker label, settings id and the class the workbench then carries. */
const themes: Record<ColorTheme, { label: string; settingsId: string; workbenchClass: string }> = {
  light: { label: 'Light Modern', settingsId: 'Default Light Modern', workbenchClass: 'vs' },
  dark: { label: 'Dark Modern', settingsId: 'Default Dark Modern', workbenchClass: 'vs-dark' },
  'high-contrast': { label: 'Dark High Contrast', settingsId: 'Default High Contrast', workbenchClass: 'hc-black' },
  'high-contrast-light': { label: 'Light High Contrast', settingsId: 'Default High Contrast Light', workbenchClass: 'hc-light' },
};

export interface WorkbenchOptions extends CodeServerSessionOptions {
  readonly viewport?: { width: number; height: number };
  readonly theme?: ColorTheme;
  /** Also install the paid-agent fixture (a paid command always in the Command Palette; see paidAgentFixture.ts). */
  readonly paidAgent?: boolean;
}

export class Workbench {
  private constructor(
    readonly session: CodeServerSession,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly console: ConsoleTail,
    /** A second window closes only its page; the first owns browser and session. */
    private readonly ownsSession = true,
  ) {}

  /**
   * Another workbench window on the same code-server and profile (a second
   * browser page, as a user opens a second tab): its own extension host,
   * sharing the profile's secrets and state with the others.
   */
  async openWindow(): Promise<Workbench> {
    const page = await this.context.newPage();
    await page.goto(this.session.workbenchUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return new Workbench(this.session, this.browser, this.context, page, this.console, false);
  }

  /** Starts sandbox + code-server, opens the workbench and waits until it is ready. */
  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const { viewport, theme, paidAgent, ...given } = options;
    // The sandbox logs every request, so the secrets scan at close() has its log to read.
    const sandbox = given.sandbox && 'running' in given.sandbox ? given.sandbox : { ...given.sandbox, env: { SANDBOX_LOG: '1', ...given.sandbox?.env } };
    const sessionOptions = { ...given, sandbox };
    const settings = theme ? { ...sessionOptions.settings, 'workbench.colorTheme': themes[theme].settingsId } : sessionOptions.settings;
    const extraExtensions = paidAgent ? [...(sessionOptions.extraExtensions ?? []), await paidAgentExtensionDir()] : sessionOptions.extraExtensions;
    const session = await startCodeServerSession({ ...sessionOptions, settings, extraExtensions });
    let browser: Browser | undefined;
    let page: Page | undefined;
    const tail = new ConsoleTail();
    try {
      browser = await launchChromium();
      // Clipboard access lets journeys read what a command copied (navigator.clipboard in the page).
      const context = await newWorkbenchContext(browser, {
        viewport: viewport ?? { width: 1400, height: 900 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      page = await context.newPage();
      tail.attach(page);
      context.on('page', (opened) => opened !== page && tail.attach(opened, 'external page'));
      await page.goto(session.workbenchUrl());
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      return new Workbench(session, browser, context, page, tail);
    } catch (error) {
      const screenshot = page ? await saveScreenshot(page, 'workbench-open-failure') : undefined;
      const details = [
        (error as Error).message,
        screenshot ? `screenshot: ${screenshot}` : '',
        `--- workbench console (last lines) ---\n${tail.text(80)}`,
        `--- code-server output (last lines) ---\n${session.server.output().split('\n').slice(-40).join('\n')}`,
      ];
      await browser?.close().catch(() => {});
      await session.dispose();
      throw new Error(`the workbench did not open: ${details.filter(Boolean).join('\n')}`);
    }
  }

  /** One line saying what runs: browser, host, how the extension is loaded, sandbox. */
  describe(): string {
    return (
      `Chromium ${this.browser.version()} on code-server ${codeServerVersion} at ${this.session.server.url}, ` +
      `extension ${this.session.extensionMode}, sandbox ${this.sandboxUrl}`
    );
  }

  /** The sandbox's base URL (http://127.0.0.1:<port>), e.g. for /sandbox/* calls. */
  get sandboxUrl(): string {
    return this.session.sandbox.url;
  }

  /** A status-bar item of our extension: its DOM id is <publisher>.<name>.<item id>. */
  statusBarItem(itemId = 'profile', owner = extensionId): Locator {
    return this.page.locator(`[id="${owner}.${itemId}"]`);
  }

  /** Waits until the item is visible (the extension activates onStartupFinished) and returns it. */
  async waitForStatusBarItem(itemId = 'profile', timeout = 60_000): Promise<Locator> {
    const item = this.statusBarItem(itemId);
    await item.waitFor({ state: 'visible', timeout });
    return item;
  }

  /** Waits until our status-bar item's text matches (e.g. /Pro/) and returns the item. */
  async waitForStatusBarText(text: string | RegExp, timeout = 30_000): Promise<Locator> {
    const item = this.statusBarItem();
    await item.filter({ hasText: text }).waitFor({ state: 'visible', timeout });
    return item;
  }

  /** The visible text of our status-bar item (codicons are not text), trimmed. */
  async statusBarText(): Promise<string> {
    return (await this.statusBarItem().innerText()).trim();
  }

  /**
   * Hovers our status-bar item and returns the tooltip text as shown (waiting
   * until it contains `expect`, when given), then moves the mouse away.
   */
  async statusBarTooltip(expect?: string | RegExp): Promise<string> {
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ visible: true });
    await this.statusBarItem().hover();
    const shown = expect === undefined ? hover.first() : hover.filter({ hasText: expect }).first();
    await shown.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await shown.innerText();
    await this.page.mouse.move(700, 300);
    await this.page.keyboard.press('Escape');
    await hover.first().waitFor({ state: 'hidden' });
    return text;
  }

  /** Whether the status-bar item carries the warning background (statusBarItem.warningBackground). */
  async statusBarHasWarningBackground(): Promise<boolean> {
    return this.statusBarItem().evaluate((item) => item.classList.contains('warning-kind'));
  }

  /** Notification toasts currently shown, optionally those containing a text. */
  notifications(text?: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', text === undefined ? {} : { hasText: text });
  }

  /** Waits until no toast is still sliding in, so a screenshot shows them whole. */
  async notificationsSettled(): Promise<void> {
    await this.page.locator('.notification-toast.notification-fade-in:not(.notification-fade-in-done)').first().waitFor({ state: 'detached' });
  }

  /** A notification toast's action button (e.g. "Update Payment Method"). */
  notificationButton(notification: Locator, name: string | RegExp): Locator {
    return notification.locator('.monaco-button', { hasText: name });
  }

  /** Closes every notification toast (Notifications: Clear All), so the next ones can be told apart. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.notifications().first().waitFor({ state: 'hidden' });
  }

  /** The modal dialog (showInformation/Warning/ErrorMessage with modal: true), optionally one containing a text. */
  dialog(text?: string | RegExp): Locator {
    return this.page.locator('.monaco-dialog-box', text === undefined ? {} : { hasText: text });
  }

  /** A button of the modal dialog, by its label. */
  dialogButton(name: string | RegExp): Locator {
    return this.dialog().locator('.dialog-buttons .monaco-button', { hasText: name });
  }

  /**
   * Opens the Accounts menu (the profile icon in the activity bar) and returns
   * the menu; its entries are "<account label> (<provider label>)".
   */
  async openAccountsMenu(): Promise<Locator> {
    await this.page.locator('.activitybar .action-item[aria-label^="Accounts"]').click();
    const menu = this.page.locator('.monaco-menu').filter({ visible: true }).last();
    await menu.waitFor({ state: 'visible' });
    return menu;
  }

  /** An entry of an open context menu (menus live in a shadow root; locators pierce it). */
  menuItem(menu: Locator, label: string | RegExp): Locator {
    return menu.locator('.action-item .action-label', { hasText: label });
  }

  /**
   * Runs an entry of a submenu: hovers `entry` of the open menu until its
   * submenu shows `item`, focuses the item and presses Enter (a click right
   * after the submenu opened is sometimes swallowed by the menu).
   */
  async chooseFromSubmenu(menu: Locator, entry: string | RegExp, item: string | RegExp): Promise<void> {
    await this.menuItem(menu, entry).hover();
    const choice = this.page
      .locator('.monaco-menu')
      .filter({ visible: true })
      .locator('.action-item', { has: this.page.locator('.action-label', { hasText: item }) })
      .last();
    await choice.waitFor({ state: 'visible' });
    await choice.hover();
    await this.page.waitForFunction((el) => el?.classList.contains('focused'), await choice.elementHandle());
    await this.page.keyboard.press('Enter');
  }

  /** Closes an open context menu or quick input. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /**
   * The Command Palette rows for a filter text, read once `sentinel` (a
   * command known to match the filter) is listed, so the list is complete
   * without a fixed wait. Closes the palette again.
   */
  async commandPaletteRows(filter: string, sentinel: string): Promise<string[]> {
    await this.openCommandPalette(filter);
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: sentinel }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await rows.locator('.label-name').allInnerTexts();
    await this.dismiss();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    return labels.map((label) => label.trim());
  }

  /** The quick input (input box or quick pick) a command opened, once visible, with its title/prompt text. */
  async waitForQuickInput(text?: string | RegExp): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget', text === undefined ? {} : { hasText: text });
    await widget.waitFor({ state: 'visible' });
    return widget.locator('input').first();
  }

  /** Reloads the window (as Developer: Reload Window does) and waits for the workbench and our status-bar item. */
  async reloadWindow(): Promise<void> {
    await this.page.reload();
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.waitForStatusBarItem();
  }

  /**
   * Answers a save dialog. In the browser, code-server asks with VS Code's
   * simple file dialog: a quick input titled `title` holding the proposed
   * path. Types `filePath` over it, accepts, and returns the proposed path.
   */
  async answerSaveDialog(filePath: string, title: string | RegExp = /Save/): Promise<string> {
    const widget = this.page.locator('.quick-input-widget').filter({ has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible' });
    const input = widget.locator('input.input').first();
    // The simple dialog shows the folder first ("/"), then the proposed file name in it.
    await this.page.waitForFunction((el) => {
      const value = (el as HTMLInputElement | null)?.value ?? '';
      return value !== '' && !value.endsWith('/');
    }, await input.elementHandle());
    const proposed = await input.inputValue();
    await input.fill(filePath);
    // The dialog lists the typed folder as it changes and ignores an accept
    // while it is busy doing so: accept again until it closes.
    for (let attempt = 0; ; attempt++) {
      await widget.locator('.quick-input-progress').waitFor({ state: 'hidden' }).catch(() => {});
      await input.press('Enter');
      try {
        await widget.waitFor({ state: 'hidden', timeout: 3_000 });
        return proposed;
      } catch (error) {
        if (attempt >= 4) throw error;
        if ((await input.inputValue()) !== filePath) await input.fill(filePath);
      }
    }
  }

  /** Reads the browser clipboard of the workbench page (the context grants clipboard access). */
  async clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Editor tabs, optionally those whose label matches. */
  editorTabs(title?: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab', title === undefined ? {} : { hasText: title });
  }

  /**
   * Runs a command through the Command Palette by its title as listed there,
   * e.g. "Plan & Billing: Manage Plan", and waits until the palette closes.
   */
  async runCommand(title: string): Promise<void> {
    await this.pickCommand(title);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens the Command Palette and picks a command; the command may open a quick pick of its own. */
  private async pickCommand(title: string): Promise<void> {
    await this.openCommandPalette(title);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  private async openCommandPalette(filter: string): Promise<void> {
    const input = this.quickInput();
    await this.page.locator('.monaco-workbench').focus();
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${filter}`);
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  /**
   * The content of a webview (two frames deep: the host iframe, then its
   * active frame). With several webviews open, pick one by index (0 = first).
   */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview').nth(index).contentFrame().frameLocator('#active-frame');
  }

  /**
   * Runs an action that makes the extension call openExternal and returns the
   * browser page it opened, loaded. Fails when code-server's port-proxy
   * rewrite shows up (it would have dropped the URL's path).
   */
  async waitForExternalPage(action: () => Promise<unknown>, timeout = 30_000): Promise<Page> {
    const [opened] = await Promise.all([this.context.waitForEvent('page', { timeout }), action()]);
    await opened.waitForLoadState('domcontentloaded');
    const url = new URL(opened.url());
    if (url.origin === this.session.server.url && url.pathname.startsWith('/proxy/')) {
      throw new Error(`openExternal went through code-server's port proxy (${opened.url()}); the original path is lost`);
    }
    return opened;
  }

  /**
   * Switches the color theme the way a user does (Preferences: Color Theme)
   * and waits until the workbench shows it. (Editing settings.json does not
   * reach a running code-server workbench.)
   */
  async setColorTheme(theme: ColorTheme): Promise<void> {
    const { label, settingsId, workbenchClass } = themes[theme];
    await this.pickCommand('Preferences: Color Theme');
    // The theme picker replaces the palette: its input starts empty.
    await this.page.waitForFunction(() => !document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value.startsWith('>'));
    await this.quickInput().fill(label);
    await this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${label}, ${settingsId}"]`).first().click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 30_000 });
  }

  /** The last lines of our extension's output channel log (the host writes it under the profile's logs folder). */
  extensionLogTail(count: number): string {
    const files = this.extensionLogFiles();
    if (files.length === 0) return '(no extension log found)';
    return files
      .map((file) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n'))
      .join('\n--- next log ---\n');
  }

  /** Saves a screenshot of the workbench (or another page) into test-results/ and returns its path. */
  async screenshot(name: string, page: Page = this.page): Promise<string | undefined> {
    return saveScreenshot(page, name);
  }

  /** The last lines the workbench, its webviews and opened pages printed to their consoles. */
  consoleText(lines = 80): string {
    return this.console.text(lines);
  }

  /**
   * Whether the newest webview host page of this window said it is waiting
   * for its service worker: code-server's host bug on Chromium 150 that keeps
   * every webview of the window blank until a reload (docs/testing.md,
   * "Blank webviews").
   */
  webviewHostWaiting(): boolean {
    const lines = this.console.text(40).split('\n');
    return lines.some((line) => /No service worker controller found|Found unexpected service worker controller/.test(line));
  }

  /**
   * Closes the window, or the whole session it owns. A session's close ends
   * with the secrets scan (docs/testing.md "Secrets scan"): the extension's
   * log, its globalState (in the browser's storage) and the sandbox's log
   * must hold no token, code, portal link or email; it throws when they do.
   */
  async close(): Promise<void> {
    if (!this.ownsSession) return this.page.close();
    // Unreadable storage fails the scan: a scan that read nothing must not pass.
    let unreadable: string | undefined;
    const globalState = await this.globalStateText().catch((error: unknown) => ((unreadable = String(error)), ''));
    await this.browser.close().catch(() => {});
    await this.session.server.stop();
    const logs = this.extensionLogFiles().map((file) => readFileSync(file, 'utf8'));
    const sandboxLog = this.session.sandbox.output();
    await this.session.dispose();
    const hits = [
      ...logs.flatMap((text, i) => secretsIn(`the extension's log${logs.length > 1 ? ` (${i + 1})` : ''}`, text)),
      ...secretsIn("the extension's globalState", globalState),
      ...(unreadable === undefined ? [] : [`the browser's storage could not be read: ${unreadable}`]),
      ...secretsIn("the sandbox's log", sandboxLog),
    ];
    const requests = sandboxLog.split('\n').filter((line) => line.startsWith('[sandbox] ')).length;
    console.log(
      `    [e2e] secrets scan: extension log ${kib(logs.join(''))}, globalState ${kib(globalState)}, sandbox log ${requests} requests: ${hits.length === 0 ? 'nothing found' : `${hits.length} found`}`,
    );
    if (hits.length > 0) throw new Error(`secrets found after the journey:\n${hits.join('\n')}`);
  }

  /** The output channel's log file(s) of our extension in this session's profile. */
  private extensionLogFiles(): string[] {
    return findFiles(join(this.session.profile.userDataDir, 'logs'), (name) => name.endsWith('Plan & Billing.log'));
  }

  /** Our extension's globalState as the workbench stored it (VS Code for the web keeps it in IndexedDB). */
  private async globalStateText(): Promise<string> {
    const entries = (await this.page.evaluate(`(${READ_STORED_STATE})(${JSON.stringify(extensionId.toLowerCase())})`)) as string[];
    return entries.join('\n');
  }
}

/**
 * Mocha hooks for one workbench per describe block: opened before the first
 * test (installing code-server first if needed), closed after the last; a
 * failing test leaves a screenshot in test-results/ and prints the workbench
 * console. Returns an accessor for the tests.
 */
export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(async function () {
    // The first run on a machine installs code-server (about a minute).
    this.timeout(15 * 60_000);
    workbench = await Workbench.open(options);
    console.log(`    [e2e] ${workbench.describe()}`);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (!workbench || !test || test.state !== 'failed') return;
    const file = test.file ? basename(test.file).replace(/\.e2e\.test\.ts$/, '') : 'e2e';
    const screenshot = await workbench.screenshot(`${file}-${test.fullTitle()}`);
    console.error(`\n    screenshot: ${screenshot ?? '(none: the page is gone)'}`);
    console.error(`    --- workbench console (last lines) ---\n${indent(workbench.consoleText())}`);
    console.error(`    --- extension log (last lines) ---\n${indent(workbench.extensionLogTail(40))}`);
  });
  after(async function () {
    this.timeout(60_000);
    await workbench?.close();
    workbench = undefined;
  });
  return () => {
    if (!workbench) throw new Error('the workbench is not open (did its before hook fail?)');
    return workbench;
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** The Command Palette title of one of our commands ("<category>: <title>"), read from the manifest. */
export function commandPaletteTitle(commandId: string, displayLanguage?: string): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { commands?: Array<{ command: string; title: string; category?: string }> };
  };
  const command = manifest.contributes?.commands?.find((c) => c.command === commandId);
  if (!command) throw new Error(`${commandId} is not contributed in package.json`);
  // Manifest strings are %key% references into package.nls.json (English) or package.nls.<language>.json.
  const nlsFile = displayLanguage ? `package.nls.${displayLanguage}.json` : 'package.nls.json';
  const nls = JSON.parse(readFileSync(join(repoRoot, nlsFile), 'utf8')) as Record<string, string>;
  const localized = (text: string) => text.replace(/^%(.+)%$/, (whole, key: string) => nls[key] ?? whole);
  return command.category ? `${localized(command.category)}: ${localized(command.title)}` : localized(command.title);
}

/** Files under `dir` (recursively) whose name passes `match`. */
function findFiles(dir: string, match: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? findFiles(path, match) : match(entry.name) ? [path] : [];
  });
}

function kib(text: string): string {
  return `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`;
}

/**
 * Runs in the workbench page: every IndexedDB value stored under the key `id`
 * (an extension's globalState). Source text, not a function: the test runner's
 * transpiler would wrap a function's inner helpers in names the page lacks.
 */
const READ_STORED_STATE = `async (id) => {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const found = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await request(indexedDB.open(name));
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      keys.forEach((key, i) => {
        if (String(key).toLowerCase() === id) found.push(typeof values[i] === 'string' ? values[i] : JSON.stringify(values[i]));
      });
    }
    db.close();
  }
  return found;
}`;
