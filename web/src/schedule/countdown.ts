import type { ScheduledStatus } from "../api/client";
import { nounFor } from "../lib/plural";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * How long until a start, to the second below a day: "19 min 08 s", "1 h 04 min 09 s",
 * "2 days 3 h"; null once it is due.
 */
export function countdownText(msLeft: number): string | null {
  if (!(msLeft > 0)) return null; // due, or an unreadable time
  const total = Math.ceil(msLeft / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (days > 0)
    return hours > 0
      ? `${days} ${nounFor(days, "day")} ${hours} h`
      : `${days} ${nounFor(days, "day")}`;
  if (hours > 0) return `${hours} h ${two(minutes)} min ${two(seconds)} s`;
  if (minutes > 0) return `${minutes} min ${two(seconds)} s`;
  return `${seconds} s`;
}

/** Thresholds a screen reader hears about, in minutes: few, so the countdown does not chatter. */
const announcedMinutes = [60, 30, 15, 10, 5, 1] as const;

/**
 * What the countdown's live region says: it changes only when a threshold is crossed (an hour,
 * 30, 15, 10, 5 and 1 minute left, then "starting any moment"), so a screen reader is told a few
 * times, not every second. Days or hours ahead it says the coarse distance.
 */
export function countdownAnnouncement(msLeft: number): string {
  if (!(msLeft > 0)) return "Starting any moment.";
  const reached = [...announcedMinutes]
    .reverse()
    .find((m) => msLeft <= m * minute);
  if (reached !== undefined)
    return `Starts in less than ${reached} ${nounFor(reached, "minute")}.`;
  if (msLeft < day) {
    const hours = Math.floor(msLeft / hour);
    return `Starts in more than ${hours} ${nounFor(hours, "hour")}.`;
  }
  const days = Math.floor(msLeft / day);
  return `Starts in more than ${days} ${nounFor(days, "day")}.`;
}

export const statusLabels: Readonly<Record<ScheduledStatus, string>> = {
  upcoming: "Upcoming",
  live: "Live now",
  done: "Ended",
  cancelled: "Cancelled",
  missed: "Missed",
};

/** A status from the server, unknown ones said as they are. */
export function statusLabel(status: string): string {
  return (statusLabels as Record<string, string>)[status] ?? status;
}

/** "Thu, Dec 10, 6:00 PM CET": the start in the reader's own time zone and locale. */
export function formatStartsAt(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  return new Date(at).toLocaleString(undefined, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}
