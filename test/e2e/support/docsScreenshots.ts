/**
 * Screenshots for the README, written by the e2e run to docs/screenshots/
 * under stable names (the README links them), unlike test-results/ which
 * holds the run's own diagnostics.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { repoRoot } from '../../../tools/host/paths';

export const docsScreenshotsDir = join(repoRoot, 'docs', 'screenshots');

/** Saves the page's viewport, or the box around `around` (with a margin), as docs/screenshots/<name>.png. */
export async function saveDocsScreenshot(page: Page, name: string, around?: { locators: Locator[]; margin: number }): Promise<string> {
  mkdirSync(docsScreenshotsDir, { recursive: true });
  const path = join(docsScreenshotsDir, `${name}.png`);
  if (!around) {
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    return path;
  }
  const boxes = await Promise.all(around.locators.map(async (l) => l.boundingBox()));
  const present = boxes.filter((b): b is NonNullable<typeof b> => b !== null);
  if (present.length === 0) throw new Error(`nothing to frame for ${name}`);
  const viewport = page.viewportSize()!;
  const x = Math.max(0, Math.min(...present.map((b) => b.x)) - around.margin);
  const y = Math.max(0, Math.min(...present.map((b) => b.y)) - around.margin);
  const right = Math.min(viewport.width, Math.max(...present.map((b) => b.x + b.width)) + around.margin);
  const bottom = Math.min(viewport.height, Math.max(...present.map((b) => b.y + b.height)) + around.margin);
  await page.screenshot({ path, clip: { x, y, width: right - x, height: bottom - y }, animations: 'disabled', caret: 'hide' });
  return path;
}
