import type { ModerationAction, ReportAction } from "../api/client";
import { humanizeCode } from "../admin/labels";
import { formatUntil } from "../lib/time";

/** "a chat message", "a live stream"… for a report's item type. */
const itemNouns: Readonly<Record<string, string>> = {
  live_stream: "live stream",
  reel: "reel",
  chat_message: "chat message",
  user: "user",
};

function itemNoun(itemType: string | null): string {
  return itemType !== null && Object.hasOwn(itemNouns, itemType)
    ? itemNouns[itemType]!
    : "item";
}

/** "a chat message", "an item" ("a user": by sound, not by letter). */
function article(noun: string): string {
  return noun === "item" ? "an item" : `a ${noun}`;
}

/** What an operator did to a reported item, after "@op ". */
function resolution(action: ReportAction | string, itemType: string | null) {
  const noun = itemNoun(itemType);
  switch (action) {
    case "dismiss":
      return `dismissed a report of ${article(noun)}`;
    case "remove_item":
      return itemType === "live_stream"
        ? "ended a reported live stream"
        : `removed a reported ${noun}`;
    case "end_stream":
      return "ended a reported live stream";
    case "suspend_user":
      return itemType === "user"
        ? "suspended a reported user"
        : `suspended the author of a reported ${noun}`;
    default:
      return `resolved a report of ${article(noun)} (${humanizeCode(action).toLowerCase()})`;
  }
}

/**
 * One moderation action as a sentence: "@mod timed out @troll until 14:05 — spam",
 * "@cora removed a message by @troll: “buy followers”", "@op suspended @x". Times are the
 * reader's (`now` decides whether the date is said).
 */
export function describeAction(
  entry: ModerationAction,
  now: number = Date.now(),
): string {
  const actor = `@${entry.actor.handle}`;
  const target = entry.user !== null ? `@${entry.user.handle}` : "someone";
  const reason = entry.reason !== "" ? ` — ${entry.reason}` : "";
  const until =
    entry.until !== null && formatUntil(entry.until, now) !== ""
      ? ` until ${formatUntil(entry.until, now)}`
      : "";
  if (entry.action.startsWith("resolve_report:"))
    return `${actor} ${resolution(entry.action.slice("resolve_report:".length), entry.itemType)}`;
  switch (entry.action) {
    case "appoint_moderator":
      return `${actor} made ${target} a moderator`;
    case "dismiss_moderator":
      return `${actor} removed ${target} as a moderator`;
    case "ban":
      return `${actor} banned ${target}${reason}`;
    case "timeout":
      return `${actor} timed out ${target}${until}${reason}`;
    case "unban":
      return `${actor} lifted the ban on ${target}`;
    case "chat_settings":
      return `${actor} changed the chat rules`;
    case "remove_message":
      return entry.reason !== ""
        ? `${actor} removed a message by ${target}: “${entry.reason}”`
        : `${actor} removed a message by ${target}`;
    case "suspend":
      return `${actor} suspended ${target}${until}${reason}`;
    case "lift_suspension":
      return `${actor} lifted the suspension of ${target}`;
    default:
      return `${actor}: ${humanizeCode(entry.action)}${entry.user !== null ? ` ${target}` : ""}${reason}`;
  }
}
