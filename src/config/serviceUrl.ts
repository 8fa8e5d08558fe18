/** The billing service's base URL as every part uses it. Pure (no VS Code), so the API client and OAuth helpers share it. */

/** The URL without trailing slashes, so paths can be appended as they are. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
