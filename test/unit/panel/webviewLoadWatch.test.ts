/**
 * The Manage Plan webview's load watch (src/panel/webviewLoadWatch.ts): a
 * document that never arrives is reported after the short bound, a loaded
 * document whose bundle is slow only after the longer one, and nothing runs
 * while the panel is hidden.
 */
import { strict as assert } from 'node:assert';
import {
  GAVE_UP_LOG_LINE,
  gaveUpLogLine,
  type OneShotTimer,
  parseReadyLogLine,
  readyLogLine,
  RECREATING_LOG_LINE,
  recreatingLogLine,
  type StuckStage,
  WEBVIEW_DOCUMENT_TIMEOUT_MS,
  WEBVIEW_SCRIPT_TIMEOUT_MS,
  WebviewLoadWatch,
} from '../../../src/panel/webviewLoadWatch';

/** A manual clock and the one timer the watch uses. */
function harness() {
  let now = 0;
  let pending: { at: number; callback: () => void } | undefined;
  const timer: OneShotTimer = {
    set: (delayMs, callback) => void (pending = { at: now + delayMs, callback }),
    clear: () => void (pending = undefined),
  };
  const stuck: Array<{ stage: StuckStage; boundMs: number; at: number }> = [];
  const watch = new WebviewLoadWatch({ timer, now: () => now, onStuck: (stage, boundMs) => stuck.push({ stage, boundMs, at: now }) });
  const advance = (ms: number) => {
    const until = now + ms;
    while (pending && pending.at <= until) {
      const due = pending;
      pending = undefined;
      now = due.at;
      due.callback();
    }
    now = until;
  };
  return { watch, stuck, stages: () => stuck.map((s) => s.stage), advance, armed: () => pending !== undefined };
}

describe('webview load watch', () => {
  it('reports a document that did not arrive within the document bound of being shown', () => {
    const h = harness();
    h.watch.shown();
    h.advance(WEBVIEW_DOCUMENT_TIMEOUT_MS - 1);
    assert.deepEqual(h.stuck, []);
    h.advance(1);
    assert.deepEqual(h.stuck, [{ stage: 'document', boundMs: WEBVIEW_DOCUMENT_TIMEOUT_MS, at: WEBVIEW_DOCUMENT_TIMEOUT_MS }]);
  });

  it('gives a loaded document the script bound from its booting message', () => {
    const h = harness();
    h.watch.shown();
    h.advance(WEBVIEW_DOCUMENT_TIMEOUT_MS - 500);
    h.watch.booting();
    h.advance(WEBVIEW_SCRIPT_TIMEOUT_MS - 1);
    assert.deepEqual(h.stuck, [], 'a slow bundle is not taken for a stuck webview');
    h.advance(1);
    assert.deepEqual(h.stuck, [{ stage: 'script', boundMs: WEBVIEW_SCRIPT_TIMEOUT_MS, at: WEBVIEW_DOCUMENT_TIMEOUT_MS - 500 + WEBVIEW_SCRIPT_TIMEOUT_MS }]);
  });

  it('stops at ready and says how long each stage took from being shown, once', () => {
    const h = harness();
    h.watch.shown();
    h.advance(900);
    h.watch.booting();
    h.advance(600);
    assert.deepEqual(h.watch.ready(), { documentMs: 900, readyMs: 1500 });
    assert.equal(h.watch.isReady, true);
    assert.equal(h.armed(), false);
    h.advance(60_000);
    assert.deepEqual(h.stuck, []);
    assert.equal(h.watch.ready(), undefined, 'a second ready is not a new load');
  });

  it('reports ready without a booting message (no document time)', () => {
    const h = harness();
    h.watch.shown();
    h.advance(1200);
    assert.deepEqual(h.watch.ready(), { documentMs: undefined, readyMs: 1200 });
  });

  it('runs no bound while the panel is hidden, and starts the stage again when it is shown', () => {
    const h = harness();
    // Created in a background tab: nothing loads, nothing is stuck.
    h.advance(60_000);
    assert.equal(h.armed(), false);
    h.watch.shown();
    h.advance(1000);
    h.watch.hidden();
    h.advance(60_000);
    assert.deepEqual(h.stuck, []);
    h.watch.shown();
    h.advance(WEBVIEW_DOCUMENT_TIMEOUT_MS);
    assert.deepEqual(h.stages(), ['document']);
  });

  it('keeps the script bound for a document that loaded while hidden', () => {
    const h = harness();
    h.watch.shown();
    h.watch.hidden();
    h.watch.booting();
    assert.equal(h.armed(), false);
    h.watch.shown();
    h.advance(WEBVIEW_SCRIPT_TIMEOUT_MS - 1);
    assert.deepEqual(h.stuck, []);
    h.advance(1);
    assert.deepEqual(h.stages(), ['script'], 'the script bound, not the document one');
  });

  it('ignores a repeated shown (no restart of the bound)', () => {
    const h = harness();
    h.watch.shown();
    h.advance(WEBVIEW_DOCUMENT_TIMEOUT_MS - 100);
    h.watch.shown();
    h.advance(100);
    assert.deepEqual(h.stages(), ['document']);
  });
});

describe('webview load log lines', () => {
  it('reads back the ready line it writes (the e2e suite and the bench parse it)', () => {
    const line = `2026-12-03 08:10:00.123 [info] ${readyLogLine({ documentMs: 812.4, readyMs: 1730.6 })}`;
    assert.deepEqual(parseReadyLogLine(line), { documentMs: 812, readyMs: 1731 });
    assert.deepEqual(parseReadyLogLine(readyLogLine({ documentMs: undefined, readyMs: 900 })), { documentMs: undefined, readyMs: 900 });
    assert.equal(parseReadyLogLine('The Manage Plan webview did something else'), undefined);
  });

  it('says why a webview is recreated, and when it gave up, in lines the patterns find', () => {
    const recreating = recreatingLogLine('document', WEBVIEW_DOCUMENT_TIMEOUT_MS, 1);
    assert.match(recreating, /did not load its document within \d+(\.\d+)? s of being shown; recreating it \(1 of 2\)$/);
    assert.match(recreating, RECREATING_LOG_LINE);
    assert.doesNotMatch(recreating, GAVE_UP_LOG_LINE);
    const gaveUp = gaveUpLogLine('script', WEBVIEW_SCRIPT_TIMEOUT_MS, 3);
    assert.match(gaveUp, /loaded its document but did not report ready within \d+(\.\d+)? s after 3 tries; close and reopen the panel$/);
    assert.match(gaveUp, GAVE_UP_LOG_LINE);
    assert.doesNotMatch(gaveUp, RECREATING_LOG_LINE);
  });
});
