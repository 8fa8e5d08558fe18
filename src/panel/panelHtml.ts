/**
 * The Manage Plan webview's HTML document, built as a pure function of its
 * inputs, with the Content Security Policy of docs/security.md: nothing by
 * default, the one script and the stylesheets only with this load's nonce, no
 * style attributes, no eval, nothing loaded from anywhere.
 *
 * The bundle and its styles are inlined: the document is all the webview ever
 * loads. In web hosts every resource a webview loads goes through a service
 * worker, and one left waiting by a webview closed mid-load holds up the next
 * webview for up to 30 s (docs/architecture.md, "Panel lifetime").
 *
 * No Node or VS Code imports: the host calls it, the webview bundle reads the
 * element ids (shared/panelDocument.ts), and unit tests run it as is.
 */
import { PANEL_BOOTSTRAP_ID, PANEL_ROOT_ID } from '../../shared/panelDocument';
import { type PanelBootstrap } from '../../shared/panelProtocol';
export interface PanelHtmlOptions {
  /** A fresh value from `createNonce()` for every load. */
  nonce: string;
  /** The text of dist/webview/main.js. */
  script: string;
  /** Stylesheet texts in order, e.g. dist/webview/main.css. */
  styles: readonly string[];
  bootstrap: PanelBootstrap;
  /** The document title (the panel's tab shows the WebviewPanel's own title). */
  title: string;
}

const NONCE_PATTERN = /^[A-Za-z0-9+/=_-]{16,128}$/;
const LANG_PATTERN = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** A nonce for one webview load: 24 bytes from a cryptographic generator, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The policy, exactly as docs/security.md states it. */
export function panelCsp(nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`].join('; ');
}

/**
 * Text that may stand inside a raw-text element (`<script>`, `<style>`): one
 * that would end the element early or open a comment is refused, not escaped
 * (esbuild's output never holds one; the build is wrong if it does).
 */
function rawText(text: string, element: 'script' | 'style'): string {
  if (new RegExp(`</${element}|<!--`, 'i').test(text)) throw new Error(`panelHtml: the ${element} text holds "</${element}" or "<!--".`);
  return text;
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
  const { nonce, script, styles, bootstrap, title } = options;
  if (!NONCE_PATTERN.test(nonce)) throw new Error('panelHtml: the nonce must be 16-128 base64 characters.');
  const lang = LANG_PATTERN.test(bootstrap.locale) ? bootstrap.locale : 'en';
  const attr = escapeHtml;
  const styleElements = styles.map((css) => `<style nonce="${attr(nonce)}">${rawText(css, 'style')}</style>`);
  return `<!DOCTYPE html>
<html lang="${attr(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${styleElements.join('\n')}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="${PANEL_ROOT_ID}"></div>
<script type="application/json" id="${PANEL_BOOTSTRAP_ID}" nonce="${attr(nonce)}">${scriptSafeJson(bootstrap)}</script>
<script nonce="${attr(nonce)}">${rawText(script, 'script')}</script>
</body>
</html>
`;
}
