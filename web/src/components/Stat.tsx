interface Props {
  label: string;
  value: string | number;
  /** A smaller line under the value. */
  note?: string;
  /** Shows the value as a warning. */
  warn?: boolean;
}

/** One number in a `dl.stat-cards`: its label, the value (grouped digits), an optional note. */
export function Stat({ label, value, note, warn = false }: Props) {
  return (
    <div className={warn ? "stat warn" : "stat"}>
      <dt>{label}</dt>
      <dd>{typeof value === "number" ? value.toLocaleString() : value}</dd>
      {note !== undefined ? <dd className="stat-note">{note}</dd> : null}
    </div>
  );
}
