/**
 * The callbacks registered for each OAuth client, matched exactly (RFC 9700
 * section 2.1): where /oauth/authorize may send an authorization code or an
 * error, and where the portal may send the browser back. Anything else is
 * refused with a reason and never redirected to.
 *
 * For the client vscode-plan-billing (the extension planbilling.plan-billing),
 * with <path> = /auth-callback for sign-in and /portal-return for the portal:
 * - editor:     <scheme>://planbilling.plan-billing<path>, <scheme> one of EDITOR_SCHEMES;
 * - loopback:   http://127.0.0.1|[::1]|localhost[:any port]<path> (RFC 8252 section 7.3);
 * - web editor: <origin>[/<segments>]/callback?vscode-reqid=<n>&vscode-scheme=<s>
 *               &vscode-authority=planbilling.plan-billing&vscode-path=<path, encoded>
 *               (what asExternalUri makes of the editor URI in code-server or
 *               Codespaces), <origin> loopback or one the operator configured;
 * - in sandbox mode, the home page's sign-in demo (<service>/sandbox/oauth/callback).
 */
import { OAuthClientId } from '../../shared/contract/oauth';
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';

export type CallbackPurpose = 'signIn' | 'portalReturn';

/** Editor URI schemes we answer to, with the name the sign-in page shows. */
export const EDITOR_SCHEMES: Readonly<Record<string, string>> = {
  vscode: 'VS Code',
  'vscode-insiders': 'VS Code Insiders',
  vscodium: 'VSCodium',
  'vscodium-insiders': 'VSCodium Insiders',
  'code-oss': 'Code - OSS',
  cursor: 'Cursor',
  windsurf: 'Windsurf',
  positron: 'Positron',
};

/** Host names of loopback callbacks, as the URL parser writes them. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A web editor's callback route: "/callback" below its base path (code-server: /stable-<commit>/callback). */
const WEB_CALLBACK_PATH = /^(?:\/[A-Za-z0-9._~-]+)*\/callback$/;
const WEB_CALLBACK_KEYS = ['vscode-reqid', 'vscode-scheme', 'vscode-authority', 'vscode-path'] as const;

/** What a registered client may be sent back to: its editor extension's URI paths. */
interface RegisteredClient {
  readonly extensionId: string;
}

const CLIENTS: ReadonlyMap<string, RegisteredClient> = new Map([[OAuthClientId, { extensionId: EXTENSION_ID }]]);

/** A callback registered outside the rules, matched as a whole string. */
export interface ExtraCallback {
  readonly uri: string;
  readonly purpose: CallbackPurpose;
  readonly label: string;
}

/** `label` says where the browser goes, e.g. "VS Code Insiders" or "VS Code on 127.0.0.1:8080". */
export type CallbackCheck = { readonly label: string } | { readonly problem: string };

export class CallbackRegistry {
  private readonly webOrigins: ReadonlySet<string>;
  private readonly extra: () => readonly ExtraCallback[];

  /** `webOrigins`: the configured https origins of web editors; `extra`: asked on each check (the service's own URL is known late). */
  constructor(options: { readonly webOrigins: readonly string[]; readonly extra?: () => readonly ExtraCallback[] }) {
    this.webOrigins = new Set(options.webOrigins);
    this.extra = options.extra ?? (() => []);
  }

  check(clientId: string, uri: string, purpose: CallbackPurpose): CallbackCheck {
    const client = CLIENTS.get(clientId);
    if (!client) return { problem: `no callbacks are registered for the client "${clientId}".` };
    const extra = this.extra().find((e) => e.uri === uri && e.purpose === purpose);
    if (extra) return { label: extra.label };
    const path = purpose === 'signIn' ? UriPaths.authCallback : UriPaths.portalReturn;
    const expected = `vscode://${client.extensionId}${path}`;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return { problem: `it is not an absolute URL; the editor's is ${expected}.` };
    }
    const scheme = url.protocol.slice(0, -1);
    if (Object.hasOwn(EDITOR_SCHEMES, scheme)) {
      const registered = `${scheme}://${client.extensionId}${path}`;
      return uri === registered ? { label: EDITOR_SCHEMES[scheme]! } : { problem: `the only ${scheme}: address registered is ${registered}.` };
    }
    if (scheme !== 'http' && scheme !== 'https') return { problem: `the scheme "${scheme}:" is not registered; the editor's is ${expected}.` };
    // Exact matching: the address must be written as the parser writes it (no upper case, default port, stray escapes, user name or fragment).
    if (url.href !== uri || url.username !== '' || url.password !== '' || uri.includes('#')) {
      return { problem: 'it is not written exactly as a registered address (no user name, fragment, upper case or default port).' };
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (loopback && scheme === 'http' && url.pathname === path && !uri.includes('?')) return { label: `an app on this computer (${url.host})` };
    if ((loopback || this.webOrigins.has(url.origin)) && isWebEditorCallback(url, client, path)) return { label: `VS Code on ${url.host}` };
    if (!loopback && !this.webOrigins.has(url.origin)) return { problem: `${url.origin} is not a registered origin.` };
    return { problem: `on ${url.origin} only ${path} and a web editor's /callback for ${client.extensionId}${path} are registered.` };
  }
}

/** The web editor's callback standing for <scheme>://<extension><path>: exactly these four parameters, naming our extension and path. */
function isWebEditorCallback(url: URL, client: RegisteredClient, path: string): boolean {
  if (!WEB_CALLBACK_PATH.test(url.pathname)) return false;
  const params = new URLSearchParams(url.search);
  const keys = [...params.keys()];
  if (keys.length !== WEB_CALLBACK_KEYS.length || !WEB_CALLBACK_KEYS.every((key) => params.getAll(key).length === 1)) return false;
  return (
    /^\d{1,16}$/.test(params.get('vscode-reqid')!) &&
    /^[a-z][a-z0-9+.-]{0,63}$/.test(params.get('vscode-scheme')!) &&
    params.get('vscode-authority') === client.extensionId &&
    params.get('vscode-path') === path
  );
}
