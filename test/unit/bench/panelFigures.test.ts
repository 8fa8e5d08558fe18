/**
 * The benchmark's panel figures (bench/report.ts): an open that did not render
 * within the bound is never folded into a median, and a baseline most of whose
 * samples failed gives no ratio, saying why (docs/benchmarks.md).
 */
import { strict as assert } from 'node:assert';
import { type BenchSummary, heapFigures, PANEL_SAMPLE_BOUND_MS, panelFigures, panelRecoveryFigure, targetRows } from '../../../bench/report';

describe('benchmark panel figures', () => {
  it('computes the ratio from medians of samples within the bound', () => {
    const [warm, cold] = panelFigures({ oursWarmMs: [1600, 1500, 1550], bareWarmMs: [1500, 1400, 1450], oursColdMs: 1800, firstWebviewMs: 1200 });
    assert.equal(warm!.ours, 1550);
    assert.equal(warm!.baseline, 1450);
    assert.equal(warm!.ratio, 1550 / 1450);
    assert.equal(cold!.ratio, 1800 / 1450);
  });

  it('leaves a failed sample out of the median and says so', () => {
    const [warm] = panelFigures({ oursWarmMs: [1600, 1500, 1550], bareWarmMs: [1500, PANEL_SAMPLE_BOUND_MS + 20_000, 1400], oursColdMs: 1800 });
    assert.equal(warm!.baseline, 1450);
    assert.match(warm!.note, /left out as failed \(over 10 s\): 1 of the baseline's/);
  });

  it('refuses a ratio from a broken baseline (most samples blank), with the reason', () => {
    const figures = panelFigures({ oursWarmMs: [2200, 2300, 2250], bareWarmMs: [32_000, 31_000, 1500], oursColdMs: 2300 });
    assert.equal(figures[0]!.ratio, undefined);
    assert.equal(figures[0]!.baseline, undefined);
    assert.match(figures[0]!.note, /^BASELINE BROKEN, no ratio: 2 of 3 bare static webview opens did not render within 10 s/);
    assert.equal(figures[1]!.ratio, undefined);
    assert.match(figures[1]!.note, /no ratio \(baseline broken\)/);
  });

  it('reports our own failed opens instead of a figure', () => {
    const [warm] = panelFigures({ oursWarmMs: [40_000, 41_000, 1500], bareWarmMs: [1500, 1400, 1450] });
    assert.equal(warm!.ours, undefined);
    assert.equal(warm!.ratio, undefined);
    assert.match(warm!.note, /^NOT MEASURED: 2 of 3 of our opens did not render within 10 s/);
  });
});

describe('benchmark panel recoveries', () => {
  it('counts the opens that needed a recreated webview, and the webviews recreated', () => {
    const figure = panelRecoveryFigure({ oursColdMs: 9000, oursWarmMs: [1500, 17_500], oursRecoveries: [1, 0, 2] });
    assert.equal(figure.ours, 2);
    assert.equal(figure.measure, 'Manage Plan opens that needed a recreated webview (of 3)');
    assert.match(figure.note, /^3 webviews recreated in all/);
    assert.equal(panelFigures({ oursWarmMs: [1500], bareWarmMs: [1400], oursRecoveries: [0, 0] }).at(-1)!.ours, 0);
  });

  it('says so when the build does not count them', () => {
    const figure = panelRecoveryFigure({ oursWarmMs: [1500], bareWarmMs: [1400] });
    assert.equal(figure.ours, undefined);
    assert.match(figure.note, /^NOT MEASURED/);
  });
});

describe('benchmark targets', () => {
  it('puts each target beside its figure: met, not met, or not measured', () => {
    const rows = targetRows({
      summary: { figures: [{ measure: 'activate() incl. require, signed in (median of 7 fresh hosts)', ours: 21, baseline: 15, ratio: 1.4, unit: 'ms', note: '' }] } as unknown as BenchSummary,
      sizes: [
        { name: 'extension core', path: 'dist/extension.js', bytes: 50 * 1024, gzipBytes: 0 },
        { name: 'extension services', path: 'dist/services.js', bytes: 110 * 1024, gzipBytes: 0 },
      ],
      sandbox: { heading: '', output: '', rows: [{ route: 'GET /v1/account (If-None-Match, 304)', rps: 1, p50Ms: 0, p99Ms: 1, rpsVsBare: 0.75, p99OverBareMs: 1, statuses: '' }] },
      fleet: undefined,
    });
    const byTarget = new Map(rows.map((r) => [r.target, r]));
    assert.deepEqual(byTarget.get('activate() incl. require ≤ 1.5× the bare extension'), { target: 'activate() incl. require ≤ 1.5× the bare extension', figure: '1.40×', met: true });
    assert.deepEqual(byTarget.get('extension bundles ≤ 150 KiB minified (core + services)'), { target: 'extension bundles ≤ 150 KiB minified (core + services)', figure: '160.0 KiB', met: false });
    assert.equal(byTarget.get('what activation loads ≤ 60 KiB (the core bundle)')?.met, true);
    assert.equal(byTarget.get('sandbox GET /v1/account 304 ≥ 0.7× the bare route')?.met, true);
    assert.equal(byTarget.get('panel warm → data ≤ 1.1× a bare static webview')?.met, undefined);
    assert.equal(byTarget.get('fleet ≤ 1.2 requests per user per day')?.figure, 'not measured');
  });
});

describe('benchmark memory figures', () => {
  it('reports the heap growth of our activation, the services and the open panel against the bare extension', () => {
    const KiB = 1024;
    const figures = heapFigures(
      { beforeBytes: 10_000 * KiB, afterBareBytes: 10_100 * KiB, afterOursBytes: 10_250 * KiB, afterServicesBytes: 10_700 * KiB },
      { beforeBytes: 20_000 * KiB, withPanelBytes: 21_100 * KiB },
    );
    const byMeasure = new Map(figures.map((f) => [f.measure.split(',')[0], f]));
    assert.deepEqual(
      figures.map((f) => [f.ours, f.baseline, f.ratio]),
      [
        [150, 100, 1.5],
        [600, 100, 6],
        [1000, 100, 10],
      ],
    );
    assert.equal(byMeasure.get('heap after activation (GC\'d)')?.unit, 'KiB');
    assert.deepEqual(heapFigures(undefined, undefined), []);
  });
});
