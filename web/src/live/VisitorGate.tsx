import { Link, useLocation } from "react-router";
import { creditsInUsd } from "../lib/credits";
import { countOf } from "../lib/plural";

/** What a followers-only or paid stream tells a visitor (401 `unauthenticated` details). */
export interface VisitorGateDetails {
  gating: "followers" | "paid";
  priceCredits: number | null;
  title: string;
  author: { handle: string; displayName: string };
}

/** Reads the 401 details of a gated stream (`gating`, `priceCredits`, `title`, `authorHandle`,
 * `authorDisplayName`); null when they are not there. */
export function readVisitorGate(
  details: Record<string, unknown>,
): VisitorGateDetails | null {
  const { gating, priceCredits, title, authorHandle, authorDisplayName } =
    details;
  if (gating !== "followers" && gating !== "paid") return null;
  if (typeof title !== "string" || typeof authorHandle !== "string")
    return null;
  return {
    gating,
    priceCredits: typeof priceCredits === "number" ? priceCredits : null,
    title,
    author: {
      handle: authorHandle,
      displayName:
        typeof authorDisplayName === "string"
          ? authorDisplayName
          : authorHandle,
    },
  };
}

/** A gated stream seen without an account: what it is, and a way to sign in and come back. */
export function VisitorGate({ gate }: { gate: VisitorGateDetails }) {
  const location = useLocation();
  const next = encodeURIComponent(`${location.pathname}${location.search}`);
  const what =
    gate.gating === "followers"
      ? "is for followers"
      : gate.priceCredits !== null
        ? `costs ${countOf(gate.priceCredits, "credit")} (${creditsInUsd(gate.priceCredits)})`
        : "is paid";
  return (
    <section className="panel gate">
      <h2>
        {gate.title} by {gate.author.displayName} {what}
      </h2>
      <p>
        {gate.gating === "followers"
          ? `Sign in and follow @${gate.author.handle} to watch.`
          : "Sign in to buy access and watch."}
      </p>
      <div className="row">
        <Link className="button primary" to={`/login?next=${next}`}>
          Sign in
        </Link>
        <Link className="button" to={`/signup?next=${next}`}>
          Create an account
        </Link>
      </div>
    </section>
  );
}
