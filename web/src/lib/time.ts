import { useEffect, useState } from "react";

/** 65_000 → "1:05", 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}`
    : `${minutes}:${ss}`;
}

/**
 * A span in words, for reports: 45_000 → "45 s", 1_800_000 → "30 min", 3_900_000 → "1 h 5 min";
 * null (not applicable) → "—".
 */
export function formatSpan(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60) % 60;
  const hours = Math.floor(seconds / 3600);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A moment in the viewer's time zone and locale, with seconds; "" for an unreadable time. */
export function formatDateTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? "" : new Date(then).toLocaleString();
}

/**
 * When something ends, as a person says it: the time alone ("18:42", or "6:42 PM" where the
 * locale says so) when it is the same day as `now`, else the date and time; "" for an unreadable
 * time.
 */
export function formatUntil(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const at = new Date(then);
  const time: Intl.DateTimeFormatOptions = {
    hour: "numeric",
    minute: "2-digit",
  };
  return at.toDateString() === new Date(now).toDateString()
    ? at.toLocaleTimeString(undefined, time)
    : at.toLocaleString(undefined, { month: "short", day: "numeric", ...time });
}

/** A short relative time: "just now", "5 min ago", "3 h ago", else the date. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(then).toLocaleDateString();
}

/** The current time, updated every `intervalMs` while mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * A `datetime-local` input's value ("2026-11-24T18:42", the reader's own time zone) as an ISO
 * time; null for an empty or unreadable value.
 */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value))
    return null;
  const then = new Date(value);
  return Number.isNaN(then.getTime()) ? null : then.toISOString();
}
