/**
 * The billing service's base URL as every part uses it: the setting, checked.
 * Pure (no VS Code), so the API client, OAuth helpers and tests share it.
 */
import { t } from '../l10n/localize';
import { isLoopbackHost } from '../util/loopback';

/** The URL without trailing slashes, so paths can be appended as they are. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type ServiceUrlCheck =
  | { readonly ok: true; readonly url: string; readonly origin: string }
  /** Refused: nothing may be sent to it; `problem` says why in words (it names the origin at most). */
  | { readonly ok: false; readonly problem: string };

/**
 * Checks planBilling.serviceUrl (empty = the build's URL): https anywhere,
 * http only on loopback (a sandbox on this computer), no user name or
 * password, no query or fragment. Tokens travel to this URL, so plain http
 * across a network is refused rather than used.
 */
export function checkServiceUrl(configured: string | undefined, buildDefault: string): ServiceUrlCheck {
  const value = configured?.trim() || buildDefault;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: t('The billing service URL (planBilling.serviceUrl) is not a valid URL.') };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: t('The billing service URL (planBilling.serviceUrl) must not contain a user name or password.') };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, problem: t('The billing service URL (planBilling.serviceUrl) must not contain a query or fragment.') };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, problem: t('The billing service URL {0} uses http, which is allowed only on this computer. Use https.', url.origin) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: t('The billing service URL (planBilling.serviceUrl) must start with https://.') };
  }
  return { ok: true, url: withoutTrailingSlash(`${url.origin}${url.pathname}`), origin: url.origin };
}

/** The origin of a checked service URL (or of any URL; undefined when it is not one). */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
