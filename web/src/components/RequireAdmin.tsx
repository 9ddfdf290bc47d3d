import type { ReactNode } from "react";
import { useAuth } from "../app/AuthContext";
import { ErrorMessage } from "./ErrorMessage";
import { OperatorsOnly } from "./OperatorsOnly";

/**
 * Renders its children for an operator (`isAdmin`) only. The server decides in the end: screens
 * inside still show {@link OperatorsOnly} when it answers 403.
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { status, user, error, refresh } = useAuth();
  if (status === "loading")
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (status === "error")
    return <ErrorMessage error={error} onRetry={refresh} />;
  if (user?.isAdmin !== true) return <OperatorsOnly />;
  return <>{children}</>;
}
