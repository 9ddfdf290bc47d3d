import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { SessionGate } from "./SessionGate";

/** Renders its children for a signed-in user; sends everyone else to /login and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const next = encodeURIComponent(`${location.pathname}${location.search}`);
  return (
    <SessionGate
      allows={({ status }) => status !== "signedOut"}
      fallback={<Navigate to={`/login?next=${next}`} replace />}
    >
      {children}
    </SessionGate>
  );
}
