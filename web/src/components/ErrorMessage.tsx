import { Link, useLocation } from "react-router";
import { ApiError } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";

interface Props {
  error: unknown;
  onRetry?: () => void;
}

/** A friendly sentence for any failure, with a way forward (log in, retry). */
export function ErrorMessage({ error, onRetry }: Props) {
  const location = useLocation();
  const needsLogin =
    error instanceof ApiError && error.code === "unauthenticated";
  const next = encodeURIComponent(`${location.pathname}${location.search}`);
  return (
    <div className="error-message" role="alert">
      <p>{friendlyMessage(error)}</p>
      {needsLogin ? (
        <Link className="button" to={`/login?next=${next}`}>
          Log in
        </Link>
      ) : null}
      {onRetry !== undefined && !needsLogin ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
