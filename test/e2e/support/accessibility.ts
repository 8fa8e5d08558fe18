/**
 * axe-core in the page as a user's browser renders it: injected into a frame
 * (the panel's webview document, a portal or sign-in page) through the
 * browser's debugging protocol, which the page's CSP does not govern, and run
 * with the WCAG 2 A/AA rules. Serious and critical violations are returned in
 * words for an assertion.
 */
import { readFileSync } from 'node:fs';
import { type Frame, type FrameLocator, type Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[] }>;
}

/** The serious and critical WCAG 2 A/AA violations in `where`, one line each (empty when none). */
export async function seriousViolations(where: Page | Frame | FrameLocator): Promise<string[]> {
  const frame = 'evaluate' in where ? where : await frameOf(where);
  if ((await frame.evaluate('typeof window.axe')) !== 'object') await frame.evaluate(AXE_SOURCE);
  // A string, not a function: the test runner's transpiler would add helpers the page lacks.
  const violations = (await frame.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${JSON.stringify(v.nodes[0]?.target ?? [])})`);
}

async function frameOf(locator: FrameLocator): Promise<Frame> {
  const handle = await locator.locator('body').elementHandle();
  const frame = await handle.ownerFrame();
  if (!frame) throw new Error('the frame is not attached');
  return frame;
}
