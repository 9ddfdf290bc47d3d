/** Words and choices for reports, as operators see them on /admin. */
import type { Report, ReportAction, ReportItemType } from "../api/client";
import { humanizeCode } from "./labels";

const itemTypeLabels: Readonly<Record<ReportItemType, string>> = {
  live_stream: "Live stream",
  reel: "Reel",
  chat_message: "Chat message",
  user: "User",
};

/** "Live stream", "Chat message"… (a type the client does not know is shown readably). */
export function itemTypeLabel(itemType: string): string {
  return Object.hasOwn(itemTypeLabels, itemType)
    ? itemTypeLabels[itemType as ReportItemType]
    : humanizeCode(itemType);
}

/** Where a reported item can be seen in the app; null when it has no page of its own. */
export function itemPath(report: Pick<Report, "itemType" | "itemId">) {
  const id = encodeURIComponent(report.itemId);
  switch (report.itemType) {
    case "live_stream":
      return `/live/${id}`;
    case "reel":
      return `/reels/${id}`;
    default:
      // A chat message has no page; a user is named by id, and profiles go by handle.
      return null;
  }
}

/** The button that resolves a report this way. */
export const actionLabels: Readonly<Record<ReportAction, string>> = {
  dismiss: "Dismiss",
  remove_item: "Remove item",
  end_stream: "End stream",
  suspend_user: "Suspend user",
};

/**
 * What an operator may do about an item: dismiss the report, remove the item (a stream is ended,
 * which End stream says better; a user cannot be removed), end a stream, suspend whoever it is
 * about or made it.
 */
export function actionsFor(itemType: ReportItemType): ReportAction[] {
  switch (itemType) {
    case "live_stream":
      return ["dismiss", "end_stream", "suspend_user"];
    case "user":
      return ["dismiss", "suspend_user"];
    default:
      return ["dismiss", "remove_item", "suspend_user"];
  }
}

const itemNouns: Readonly<Record<ReportItemType, string>> = {
  live_stream: "live stream",
  reel: "reel",
  chat_message: "chat message",
  user: "user",
};

function noun(itemType: ReportItemType): string {
  return itemNouns[itemType] ?? "item";
}

/** The question and the consequences a destructive resolution is confirmed with. */
export function confirmationFor(
  action: Exclude<ReportAction, "dismiss">,
  itemType: ReportItemType,
): { title: string; body: string; confirm: string } {
  switch (action) {
    case "remove_item":
      return {
        title: `Remove this ${noun(itemType)}?`,
        body: `The ${noun(itemType)} is removed for everyone, and the report is resolved.`,
        confirm: "Remove",
      };
    case "end_stream":
      return {
        title: "End this live stream?",
        body: "The stream ends for its creator and every viewer, and the report is resolved.",
        confirm: "End stream",
      };
    case "suspend_user":
      return {
        title:
          itemType === "user"
            ? "Suspend this user?"
            : `Suspend the author of this ${noun(itemType)}?`,
        body: "They are signed out everywhere, a live stream of theirs ends, and they cannot sign in until the suspension is lifted under Suspensions.",
        confirm: "Suspend",
      };
  }
}

/** How a resolved report was settled, after "Resolved by @op". */
export function resolutionLabel(
  resolution: string | null,
  itemType: ReportItemType,
): string {
  switch (resolution) {
    case "dismiss":
      return "dismissed";
    case "remove_item":
      return itemType === "live_stream"
        ? "stream ended"
        : `${noun(itemType)} removed`;
    case "end_stream":
      return "stream ended";
    case "suspend_user":
      return itemType === "user" ? "user suspended" : "author suspended";
    case null:
      return "resolved";
    default:
      return humanizeCode(resolution).toLowerCase();
  }
}

/** What the status line says once a report is resolved this way. */
export function resolvedSentence(
  action: ReportAction,
  itemType: ReportItemType,
): string {
  switch (action) {
    case "dismiss":
      return "Report dismissed.";
    case "remove_item":
      return `Report resolved: the ${noun(itemType)} was removed.`;
    case "end_stream":
      return "Report resolved: the live stream was ended.";
    case "suspend_user":
      return itemType === "user"
        ? "Report resolved: the user was suspended."
        : `Report resolved: the author of the ${noun(itemType)} was suspended.`;
  }
}
