// Component tests are TSX for Preact: point tsx at the webview's tsconfig
// (jsx: react-jsx, jsxImportSource: preact) before its require hook registers,
// because tsx reads the tsconfig once, at registration.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

process.env.TSX_TSCONFIG_PATH = fileURLToPath(new URL('../../webview/tsconfig.json', import.meta.url));
const load = createRequire(import.meta.url);
load('tsx/cjs');
