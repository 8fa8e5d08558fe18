/**
 * Where the service may send a browser: http(s), or an editor's own URI scheme
 * (vscode:, vscode-insiders:, vscodium:, code-oss:, ...). Used for portal
 * return URLs and OAuth redirect URIs; javascript:, data:, file: and others are refused.
 */
import { EXTENSION_ID, UriPaths } from '../../shared/productIdentity';

const EDITOR_SCHEME = /^(vscode[a-z0-9-]*|code-oss|vscodium):$/;

export function externalUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Must be an absolute URL, such as vscode://${EXTENSION_ID}${UriPaths.portalReturn}.`;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname ? null : 'An http(s) URL needs a host.';
  if (EDITOR_SCHEME.test(url.protocol)) return null;
  return `The scheme "${url.protocol}" is not allowed; use http(s) or an editor URI scheme such as vscode:.`;
}
