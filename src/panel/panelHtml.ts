/**
 * The Manage Plan webview's HTML document, built as a pure function of its
 * inputs, with the Content Security Policy of docs/security.md: nothing by
 * default, scripts only with this load's nonce, styles/fonts/images only from
 * the webview's resource origin, no inline styles, no eval.
 *
 * No Node or VS Code imports: the host calls it, the webview bundle reads the
 * element ids (shared/panelDocument.ts), and unit tests run it as is.
 */
import { PANEL_BOOTSTRAP_ID, PANEL_ROOT_ID } from '../../shared/panelDocument';
import { type PanelBootstrap } from '../../shared/panelProtocol';
/** @vscode-elements looks up the codicon stylesheet by this id to use it inside its shadow roots. */
export const CODICONS_STYLESHEET_ID = 'vscode-codicon-stylesheet';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh value from `createNonce()` for every load. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/main.js. */
  scriptUri: string;
  /** Stylesheets in order, e.g. the webview uri of dist/webview/main.css. */
  styleUris: readonly string[];
  /** The webview uri of dist/webview/codicons/codicon.css; linked with the id the elements look for. */
  codiconsUri?: string;
  bootstrap: PanelBootstrap;
  /** The document title (the panel's tab shows the WebviewPanel's own title). */
  title: string;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/=_-]{16,128}$/;
// A CSP source list: scheme/host sources and quoted keywords separated by spaces; no directive separators.
const CSP_SOURCE_PATTERN = /^[A-Za-z0-9:/.*\-_'+ ]+$/;
const LANG_PATTERN = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** A nonce for one webview load: 24 bytes from a cryptographic generator, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The policy, exactly as docs/security.md states it. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become
 * unicode escapes, so no "</script>" or "<!--" in the data can end the element,
 * and JSON.parse reads back the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function panelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUris, codiconsUri, bootstrap, title } = options;
  if (!NONCE_PATTERN.test(nonce)) throw new Error('panelHtml: the nonce must be 16-128 base64 characters.');
  if (!CSP_SOURCE_PATTERN.test(cspSource)) {
    throw new Error(`panelHtml: "${cspSource}" is not a CSP source list.`);
  }
  const lang = LANG_PATTERN.test(bootstrap.locale) ? bootstrap.locale : 'en';
  const attr = escapeHtml;
  const links = [
    ...(codiconsUri ? [`<link id="${CODICONS_STYLESHEET_ID}" rel="stylesheet" href="${attr(codiconsUri)}">`] : []),
    ...styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`),
  ];
  return `<!DOCTYPE html>
<html lang="${attr(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${links.join('\n')}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="${PANEL_ROOT_ID}"></div>
<script type="application/json" id="${PANEL_BOOTSTRAP_ID}" nonce="${attr(nonce)}">${scriptSafeJson(bootstrap)}</script>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
