/** "1 viewer", "2 viewers": a count with its noun in the right number (English). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** How a viewer count is read out: "1 viewer", "12 viewers". */
export function viewersLabel(n: number): string {
  return countOf(n, "viewer");
}
