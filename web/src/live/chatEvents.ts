import {
  reactionKinds,
  type ChatMessage,
  type ReactionCounts,
  type ServerEvent,
} from "../api/client";

/** What `/ws` said about one stream's chat. */
export type ChatEvent =
  | { kind: "message"; message: ChatMessage }
  | { kind: "removed"; messageId: string }
  | { kind: "reactions"; counts: ReactionCounts };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isChatMessage(value: unknown): value is ChatMessage {
  if (!isRecord(value) || !isRecord(value.author)) return false;
  return (
    typeof value.id === "string" &&
    typeof value.streamId === "string" &&
    typeof value.text === "string" &&
    typeof value.createdAt === "string" &&
    typeof value.author.id === "string" &&
    typeof value.author.handle === "string" &&
    typeof value.author.displayName === "string"
  );
}

function readCounts(value: unknown): ReactionCounts | null {
  if (!isRecord(value)) return null;
  const counts: ReactionCounts = {};
  for (const kind of reactionKinds) {
    const n = value[kind];
    if (typeof n === "number" && Number.isInteger(n) && n > 0) counts[kind] = n;
  }
  return counts;
}

/**
 * The chat event in a pushed message, if it is one about `streamId` and well formed; null for
 * anything else (other streams, other types, unknown shapes).
 */
export function readChatEvent(
  event: ServerEvent,
  streamId: string,
): ChatEvent | null {
  const fields = event as Record<string, unknown>;
  switch (event.type) {
    case "chat": {
      const message = fields.message;
      return isChatMessage(message) && message.streamId === streamId
        ? { kind: "message", message }
        : null;
    }
    case "chat_removed":
      return fields.streamId === streamId &&
        typeof fields.messageId === "string"
        ? { kind: "removed", messageId: fields.messageId }
        : null;
    case "reactions": {
      if (fields.streamId !== streamId) return null;
      const counts = readCounts(fields.counts);
      return counts === null ? null : { kind: "reactions", counts };
    }
    default:
      return null;
  }
}
