/** Collects what a failed run needs to be understood: workbench console lines and screenshots. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ConsoleMessage, type Page } from 'playwright-core';
import { testResultsDir } from './paths';

/** Keeps the last lines of a page's console (and uncaught page errors) for printing on failure. */
export class ConsoleTail {
  private readonly lines: string[] = [];

  /** @param keep drops lines already shown elsewhere (e.g. the suite's own output). */
  constructor(
    private readonly limit = 300,
    private readonly keep: (line: string) => boolean = () => true,
  ) {}

  attach(page: Page, label = 'workbench'): void {
    page.on('console', (message: ConsoleMessage) => this.push(`[${label} ${message.type()}] ${stripStyles(message.text())}`));
    page.on('pageerror', (error) => this.push(`[${label} pageerror] ${error.stack ?? error.message}`));
  }

  push(line: string): void {
    if (!this.keep(line)) return;
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  /** The last `count` lines (default: all kept). */
  text(count = this.limit): string {
    return this.lines.slice(-count).join('\n');
  }
}

/** Console messages of the workbench log through "%c LEVEL color: …" prefixes; drop the styling. */
function stripStyles(text: string): string {
  return text.replace(/^%c\s*(\w+)\s+color:\s*#[0-9a-f]+\s*/i, '$1 ');
}

/** A file-system-safe name for a screenshot or log. */
export function artifactName(name: string): string {
  return name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'artifact';
}

/** Saves a full-page screenshot into test-results/ and returns its path (or undefined when the page is gone). */
export async function saveScreenshot(page: Page, name: string): Promise<string | undefined> {
  mkdirSync(testResultsDir, { recursive: true });
  const file = join(testResultsDir, `${artifactName(name)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return undefined;
  }
}
