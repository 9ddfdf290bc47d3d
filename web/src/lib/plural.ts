/** The noun for a count of `n`, in the right number (English). */
export function nounFor(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 viewer", "2 viewers": a count with its noun in the right number. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${nounFor(n, one, many)}`;
}

/** How a viewer count is read out: "1 viewer", "12 viewers". */
export function viewersLabel(n: number): string {
  return countOf(n, "viewer");
}
