/**
 * openExternal is allowed only for a portal URL whose origin is the configured
 * service's origin, over https — or http on loopback (the sandbox). Pure.
 */
import { isLoopbackHost } from '../util/loopback';

export function isAllowedPortalUrl(url: string, serviceUrl: string): boolean {
  let portal: URL;
  let service: URL;
  try {
    portal = new URL(url);
    service = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (portal.username !== '' || portal.password !== '') return false;
  if (portal.origin !== service.origin) return false;
  if (portal.protocol === 'https:') return true;
  return portal.protocol === 'http:' && isLoopbackHost(portal.hostname);
}
