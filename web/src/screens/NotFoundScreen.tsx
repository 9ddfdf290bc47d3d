import { Link } from "react-router";

export function NotFoundScreen() {
  return (
    <section className="screen panel">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link className="button" to="/">
        Go to reels
      </Link>
    </section>
  );
}
