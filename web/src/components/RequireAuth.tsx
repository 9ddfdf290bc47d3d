import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../app/AuthContext";
import { ErrorMessage } from "./ErrorMessage";

/** Renders its children for a signed-in user; sends everyone else to /login and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, error, refresh } = useAuth();
  const location = useLocation();
  if (status === "loading")
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (status === "error")
    return <ErrorMessage error={error} onRetry={refresh} />;
  if (status === "signedOut") {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}
