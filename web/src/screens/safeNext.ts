/** The `next` query parameter if it is a path on this site, else "/" (no open redirects). */
export function safeNext(search: URLSearchParams): string {
  const next = search.get("next");
  if (
    next === null ||
    !next.startsWith("/") ||
    next.startsWith("//") ||
    next.startsWith("/\\")
  )
    return "/";
  return next;
}
