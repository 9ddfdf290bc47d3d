import type { StreamStatus } from "../api/client";
import type { PublishConnection, PublishHealth } from "./sessions";

/** What the broadcaster is told about their broadcast: a short label, and whether to warn. */
export interface BroadcastHealth {
  label: string;
  /** Viewers see the broadcast now. */
  live: boolean;
  /** Viewers probably do not see it (or see it stop): say so plainly. */
  warning: boolean;
}

export const notAnsweringLabel =
  "Viewers can't see you: the server is not answering";

function connectionLabel(
  connection: PublishConnection,
  status: StreamStatus,
): string {
  switch (connection) {
    case "connecting":
      return "Connecting…";
    case "reconnecting":
      return "Viewers can't see you: reconnecting…";
    case "failed":
      return "Not connected";
    case "stopped":
      return status === "ended" ? "Ended" : "Not broadcasting";
    case "connected":
      if (status === "live") return "Live";
      if (status === "interrupted") return "Resuming…";
      return "Starting…";
  }
}

/**
 * The broadcast's health from the publisher's connection, its upload and whether the server
 * answers at all. A frozen server keeps the publisher's socket open (the kernel takes the media
 * for many seconds), so the connection alone would say "Live" while viewers see nothing.
 */
export function broadcastHealth(
  connection: PublishConnection,
  status: StreamStatus,
  health: PublishHealth | null,
  serverAnswering: boolean,
): BroadcastHealth {
  if (connection === "connected" && !serverAnswering)
    return { label: notAnsweringLabel, live: false, warning: true };
  if (connection === "connected" && health?.struggling === true)
    return {
      label: "Your connection is struggling",
      live: false,
      warning: true,
    };
  return {
    label: connectionLabel(connection, status),
    live: connection === "connected" && status === "live",
    warning: connection === "reconnecting",
  };
}
