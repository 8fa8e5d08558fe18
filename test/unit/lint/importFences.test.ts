/**
 * The import fences of docs/architecture.md, checked through ESLint itself: a
 * probe file in each part with a forbidden import must fail `npm run lint`,
 * and the same file with an allowed import must pass.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../../tools/host/paths';

const eslint = new ESLint({ cwd: repoRoot });

async function fenceErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'fences/imports').map((m) => m.message);
}

const cases: Array<{ file: string; forbidden: string; allowed: string }> = [
  { file: 'webview/app/probe.ts', forbidden: "import { ApiClient } from '../../src/api/apiClient';", allowed: "import { EXTENSION_ID } from '../../shared/productIdentity';" },
  { file: 'webview/app/probe.ts', forbidden: "import * as vscode from 'vscode';", allowed: "import { h } from 'preact';" },
  { file: 'sandbox/http/probe.ts', forbidden: "import { t } from '../../src/l10n/localize';", allowed: "import { ApiPaths } from '../../shared/contract/paths';" },
  { file: 'shared/contract/probe.ts', forbidden: "import { createApp } from '../../sandbox/http/app';", allowed: "import { Money } from './common';" },
  { file: 'shared/probe.ts', forbidden: "import { join } from 'node:path';", allowed: "import { Type } from '@sinclair/typebox';" },
  { file: 'src/account/probe.ts', forbidden: "import { ManagePlanPanel } from '../panel/panelController';", allowed: "import { ApiClient } from '../api/apiClient';" },
  { file: 'src/api/probe.ts', forbidden: "import { panelHtml } from '../panel/panelHtml';", allowed: "import { Problem } from '../../shared/contract/common';" },
  { file: 'src/auth/probe.ts', forbidden: "import { PagedHistory } from '../panel/pagedHistory';", allowed: "import { OAuthClientId } from '../../shared/contract/oauth';" },
  { file: 'src/panel/probe.ts', forbidden: "import { SandboxPaths } from '../../shared/contract/sandboxAdmin';", allowed: "import { AccountStore } from '../account/accountStore';" },
  { file: 'src/panel/probe.ts', forbidden: "import { createApp } from '../../sandbox/http/app';", allowed: "import { PANEL_VIEW_TYPE } from '../../shared/productIdentity';" },
];

describe('lint: import fences', function () {
  this.timeout(60_000);

  for (const c of cases) {
    it(`${c.file}: refuses ${c.forbidden}`, async () => {
      const errors = await fenceErrors(c.file, `${c.forbidden}\nexport const probe = 1;\n`);
      assert.equal(errors.length, 1, `expected one fence error, got: ${errors.join(' | ')}`);
      assert.equal(await fenceErrors(c.file, `${c.allowed}\nexport const probe = 1;\n`).then((e) => e.length), 0);
    });
  }
});
