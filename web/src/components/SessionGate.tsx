import type { ReactNode } from "react";
import { useAuth, type Auth } from "../app/AuthContext";
import { ErrorMessage } from "./ErrorMessage";

interface Props {
  /** Whether the checked session may see `children`. */
  allows: (auth: Auth) => boolean;
  /** What a session that is not allowed sees instead. */
  fallback: ReactNode;
  children: ReactNode;
}

/**
 * Waits for the session check ("Loading…"; the error and a retry when it failed), then renders
 * its children if `allows` says so, else `fallback`.
 */
export function SessionGate({ allows, fallback, children }: Props) {
  const auth = useAuth();
  if (auth.status === "loading")
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  if (auth.status === "error")
    return <ErrorMessage error={auth.error} onRetry={auth.refresh} />;
  return <>{allows(auth) ? children : fallback}</>;
}
