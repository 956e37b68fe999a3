import { WcsConfigError } from '../errors.js';

/**
 * Turns a configured host into a base URL without trailing slash. A value that already starts
 * with `http://` or `https://` is used as is; a bare host gets `https://` when `useHttps`, else
 * `http://` — the Python SDK's `https_check` (wcs-api.md §1.1).
 *
 * @throws WcsConfigError when the value is empty or not a URL
 */
export function toBaseUrl(hostOrUrl: string, useHttps: boolean, settingName = 'host'): string {
  const value = hostOrUrl.trim();
  if (!value) {
    throw new WcsConfigError(`${settingName} is not set: run "wcscmd --configure" or set it in your config.`);
  }
  const withScheme = /^https?:\/\//i.test(value) ? value : `${useHttps ? 'https' : 'http'}://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (cause) {
    throw new WcsConfigError(`${settingName} is not a valid host or URL.`, { cause });
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
