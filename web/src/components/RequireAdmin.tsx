import type { ReactNode } from "react";
import { OperatorsOnly } from "./OperatorsOnly";
import { SessionGate } from "./SessionGate";

/**
 * Renders its children for an operator (`isAdmin`) only. The server decides in the end: screens
 * inside still show {@link OperatorsOnly} when it answers 403.
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  return (
    <SessionGate
      allows={({ user }) => user?.isAdmin === true}
      fallback={<OperatorsOnly />}
    >
      {children}
    </SessionGate>
  );
}
