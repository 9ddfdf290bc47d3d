import { Link } from "react-router";

/** What a signed-in user who is not an operator sees on an operators' page (or a 403 there). */
export function OperatorsOnly() {
  return (
    <section className="panel narrow">
      <h1>Operators only</h1>
      <p>Only operators can see this page.</p>
      <Link className="button secondary" to="/">
        Back to reels
      </Link>
    </section>
  );
}
