/**
 * Server-rendered HTML with escaping by default: interpolated values are
 * escaped unless they are already Html. No inline script or style anywhere:
 * pages link the served stylesheet and run under a strict CSP.
 */
import { PortalPaths } from '../portal/portalPaths';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** What a page function returns: its title and its <main>; sendPage wraps it in the document. */
export interface PageContent {
  readonly title: string;
  readonly body: Html;
}

export interface PageOptions {
  readonly title: string;
  readonly body: Html;
  /** Extra <head> content, e.g. a meta refresh. */
  readonly head?: Html;
}

export function pageDocument({ title, body, head }: PageOptions): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title} · Plan &amp; Billing</title>
<link rel="stylesheet" href="${PortalPaths.stylesheet}">
<link rel="icon" href="data:,">
${head}
</head>
<body>
<header class="brand"><span class="logo" aria-hidden="true">◆</span> Plan &amp; Billing <span class="badge">sandbox</span></header>
${body}
</body>
</html>`.value}`;
}

/**
 * Content-Security-Policy of every page: nothing but the served stylesheet,
 * forms posting back to this origin, no framing.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
