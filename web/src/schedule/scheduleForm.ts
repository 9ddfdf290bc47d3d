import type {
  ScheduledLive,
  ScheduledLiveUpdate,
  ScheduleLiveInput,
} from "../api/client";
import { localInputToIso } from "../lib/time";
import {
  emptyStreamForm,
  fieldFromServer as streamFieldFromServer,
  toCreateInput,
  validateStreamForm,
  type StreamFormValues,
} from "../live/streamForm";

/** The Go live form's fields, and when (a `datetime-local` value) and how many more weeks. */
export interface ScheduleFormValues extends StreamFormValues {
  /** "2026-12-10T18:00", in the reader's own time zone. */
  startsAt: string;
  repeat: boolean;
  /** 0–11 more entries a week apart, when `repeat`. */
  repeatWeeks: string;
}

export type ScheduleFormField = Exclude<keyof ScheduleFormValues, "repeat">;
export type ScheduleFormErrors = Partial<Record<ScheduleFormField, string>>;

/** The server's bounds (API-NOTES "Scheduled lives"). */
export const minLeadMs = 5 * 60_000;
export const maxLeadMs = 90 * 24 * 3_600_000;
export const maxRepeatWeeks = 11;
const weekMs = 7 * 24 * 3_600_000;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A moment as a `datetime-local` value in the reader's time zone ("2026-12-10T18:00"). */
export function isoToLocalInput(iso: string | number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A first suggestion: the next full hour at least 30 minutes away. */
export function suggestedStart(now: number = Date.now()): string {
  const at = new Date(now + 30 * 60_000);
  if (at.getMinutes() !== 0 || at.getSeconds() !== 0) {
    at.setHours(at.getHours() + 1, 0, 0, 0);
  }
  return isoToLocalInput(at.getTime());
}

export function emptyScheduleForm(
  now: number = Date.now(),
): ScheduleFormValues {
  return {
    ...emptyStreamForm,
    startsAt: suggestedStart(now),
    repeat: false,
    repeatWeeks: "3",
  };
}

/** An entry's values in the form, to edit it. */
export function formValuesOf(entry: ScheduledLive): ScheduleFormValues {
  return {
    title: entry.title,
    description: entry.description,
    sensitivity: entry.sensitivity,
    gating: entry.gating,
    priceCredits:
      entry.gating === "paid" && entry.priceCredits !== null
        ? String(entry.priceCredits)
        : "",
    startsAt: isoToLocalInput(entry.startsAt),
    repeat: false,
    repeatWeeks: "0",
  };
}

/** Why a start time is refused ("" is none), as the server would: 5 minutes to 90 days ahead. */
export function startsAtError(value: string, now: number): string | undefined {
  const iso = localInputToIso(value);
  if (iso === null) return "Choose a date and a time.";
  const at = Date.parse(iso);
  if (at < now + minLeadMs) return "Choose a time at least 5 minutes from now.";
  if (at > now + maxLeadMs) return "Choose a time within the next 90 days.";
  return undefined;
}

/**
 * The Go live form's checks, the time's (unless `checkTime` is false: an edit that keeps the
 * time) and the repeats'.
 */
export function validateScheduleForm(
  values: ScheduleFormValues,
  now: number = Date.now(),
  { checkTime = true }: { checkTime?: boolean } = {},
): ScheduleFormErrors {
  const errors: ScheduleFormErrors = validateStreamForm(values);
  if (checkTime) {
    const timeError = startsAtError(values.startsAt, now);
    if (timeError !== undefined) errors.startsAt = timeError;
  }
  if (values.repeat) {
    const text = values.repeatWeeks.trim();
    const weeks = Number(text);
    if (!/^\d+$/.test(text) || weeks > maxRepeatWeeks)
      errors.repeatWeeks = `Choose 0 to ${maxRepeatWeeks} more weeks.`;
  }
  return errors;
}

/** The number of more weekly entries the form asks for. */
export function repeatWeeksOf(values: ScheduleFormValues): number {
  return values.repeat ? Number(values.repeatWeeks.trim()) || 0 : 0;
}

/** The last entry of a weekly series starting at `startsAt` (a `datetime-local` value). */
export function lastOccurrence(startsAt: string, weeks: number): Date | null {
  const iso = localInputToIso(startsAt);
  return iso === null ? null : new Date(Date.parse(iso) + weeks * weekMs);
}

/** The request for a new entry; an empty title becomes `defaultTitle`. */
export function toScheduleInput(
  values: ScheduleFormValues,
  defaultTitle: string,
): ScheduleLiveInput {
  const input: ScheduleLiveInput = {
    ...toCreateInput(values, defaultTitle),
    startsAt: localInputToIso(values.startsAt) ?? "",
  };
  const weeks = repeatWeeksOf(values);
  if (weeks > 0) input.repeatWeeks = weeks;
  return input;
}

/**
 * The change of `entry` the form asks for. The time is sent only when it was changed: the form
 * shows minutes, and sending a rounded time back would move the live (and tell those reminded).
 */
export function toScheduleUpdate(
  values: ScheduleFormValues,
  entry: ScheduledLive,
  defaultTitle: string,
): ScheduledLiveUpdate {
  const { title, description, sensitivity, gating, priceCredits } =
    toCreateInput(values, defaultTitle);
  const update: ScheduledLiveUpdate = {
    title,
    description: description ?? "",
    sensitivity,
    gating,
  };
  if (priceCredits !== undefined) update.priceCredits = priceCredits;
  if (values.startsAt !== isoToLocalInput(entry.startsAt)) {
    const iso = localInputToIso(values.startsAt);
    if (iso !== null) update.startsAt = iso;
  }
  return update;
}

/** Maps a server `validation_failed` details.field to a field of this form. */
export function fieldFromServer(field: unknown): ScheduleFormField | null {
  if (field === "startsAt" || field === "repeatWeeks") return field;
  return streamFieldFromServer(field);
}
