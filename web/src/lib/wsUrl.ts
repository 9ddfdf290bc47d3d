/**
 * The WebSocket URL on the page's own origin for a server path. The relay hands out absolute
 * URLs (`ws://127.0.0.1:8080/live/ID/publish`) that name the server as it sees itself; behind a
 * proxy or the dev server only the path is right, so the path is kept and the origin replaced.
 */
export function sameOriginWebSocketUrl(
  urlOrPath: string,
  token?: string,
  location: Pick<Location, "protocol" | "host"> = window.location,
): string {
  const parsed = new URL(urlOrPath, "http://placeholder.invalid");
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const search = new URLSearchParams(parsed.search);
  if (token !== undefined) search.set("token", token);
  const query = search.toString();
  return `${scheme}//${location.host}${parsed.pathname}${query === "" ? "" : `?${query}`}`;
}
