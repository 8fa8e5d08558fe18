/**
 * The panel's icons (webview/ui/codiconShapes.ts) are what
 * scripts/codiconShapes.mjs makes of the installed @vscode/codicons: the
 * committed module is not edited by hand and does not fall behind the package.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { codiconShapesModule, ICONS, OUTPUT } from '../../../scripts/codiconShapes.mjs';
import { CODICON_SHAPES } from '../../../webview/ui/codiconShapes';

describe('codicon shapes', () => {
  it('are exactly what the script generates from the installed package', () => {
    assert.equal(readFileSync(OUTPUT, 'utf8'), codiconShapesModule(), 'run node scripts/codiconShapes.mjs');
  });

  it('hold every listed icon as outlines in a 16-unit box, nothing else', () => {
    assert.deepEqual(Object.keys(CODICON_SHAPES), [...ICONS]);
    for (const [name, shape] of Object.entries(CODICON_SHAPES)) {
      assert.equal(shape.viewBox, '0 0 16 16', name);
      assert.ok(shape.paths.length > 0, name);
      for (const path of shape.paths) assert.match(path.d, /^M[\d\s.,MmLlHhVvCcSsQqTtAaZz+-eE]+$/, name);
    }
  });
});
