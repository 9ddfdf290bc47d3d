const appPaths = /^\/(live|u|reels|scheduled|notifications|settings)(\/|$)/;

/**
 * A server-made link (e.g. a notification's, built from ONAIR_PUBLIC_URL) as an in-app path
 * when it points into onair, else null. The host is ignored: behind a proxy or the dev server
 * the public URL may name another origin than the page's.
 */
export function inAppPath(
  link: string,
  origin: string = window.location.origin,
): string | null {
  try {
    const url = new URL(link, origin);
    if (!appPaths.test(url.pathname)) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}
