import { describe, expect, it } from "vitest";
import { makeScheduled } from "../test/apiMock";
import {
  emptyScheduleForm,
  fieldFromServer,
  formValuesOf,
  isoToLocalInput,
  lastOccurrence,
  suggestedStart,
  toScheduleInput,
  toScheduleUpdate,
  validateScheduleForm,
  type ScheduleFormValues,
} from "./scheduleForm";

const now = new Date(2026, 11, 3, 20, 10, 0).getTime(); // local time, whatever the zone

function form(overrides: Partial<ScheduleFormValues> = {}): ScheduleFormValues {
  return { ...emptyScheduleForm(now), ...overrides };
}

describe("scheduleForm", () => {
  it("suggests the next full hour at least 30 minutes away, in local time", () => {
    expect(suggestedStart(now)).toBe("2026-12-03T21:00");
    expect(suggestedStart(new Date(2026, 11, 3, 20, 30, 0).getTime())).toBe(
      "2026-12-03T21:00",
    );
    expect(suggestedStart(new Date(2026, 11, 3, 20, 31, 0).getTime())).toBe(
      "2026-12-03T22:00",
    );
  });

  it("round-trips a moment through the datetime-local value", () => {
    const iso = new Date(2026, 0, 5, 7, 4).toISOString();
    expect(isoToLocalInput(iso)).toBe("2026-01-05T07:04");
    expect(isoToLocalInput("nonsense")).toBe("");
  });

  it("accepts 5 minutes to 90 days ahead, as the server does", () => {
    const at = (minutes: number) => isoToLocalInput(now + minutes * 60_000);
    expect(validateScheduleForm(form({ startsAt: at(6) }), now)).toEqual({});
    expect(validateScheduleForm(form({ startsAt: at(4) }), now).startsAt).toBe(
      "Choose a time at least 5 minutes from now.",
    );
    expect(
      validateScheduleForm(form({ startsAt: at(90 * 24 * 60 + 1) }), now)
        .startsAt,
    ).toBe("Choose a time within the next 90 days.");
    expect(validateScheduleForm(form({ startsAt: "" }), now).startsAt).toBe(
      "Choose a date and a time.",
    );
    // An edit that keeps the time does not check it (the live may be due).
    expect(
      validateScheduleForm(form({ startsAt: at(-3) }), now, {
        checkTime: false,
      }),
    ).toEqual({});
  });

  it("checks the Go live form's fields and the repeats", () => {
    const errors = validateScheduleForm(
      form({
        title: "x".repeat(101),
        gating: "paid",
        priceCredits: "",
        repeat: true,
        repeatWeeks: "12",
      }),
      now,
    );
    expect(Object.keys(errors).sort()).toEqual([
      "priceCredits",
      "repeatWeeks",
      "title",
    ]);
    expect(errors.repeatWeeks).toBe("Choose 0 to 11 more weeks.");
    expect(
      validateScheduleForm(form({ repeat: true, repeatWeeks: "0" }), now),
    ).toEqual({});
    // Unticked, the number is not read.
    expect(
      validateScheduleForm(form({ repeat: false, repeatWeeks: "x" }), now),
    ).toEqual({});
  });

  it("builds the request: ISO UTC time, default title, price for paid, repeats when asked", () => {
    const values = form({
      title: "  ",
      description: " Bring questions ",
      startsAt: "2026-12-10T18:00",
      gating: "paid",
      priceCredits: "50",
      repeat: true,
      repeatWeeks: "3",
    });
    expect(toScheduleInput(values, "Alice's live")).toEqual({
      title: "Alice's live",
      description: "Bring questions",
      sensitivity: "none",
      gating: "paid",
      priceCredits: 50,
      startsAt: new Date(2026, 11, 10, 18, 0).toISOString(),
      repeatWeeks: 3,
    });
    const once = toScheduleInput(
      form({ title: "Q&A", repeat: false, repeatWeeks: "3" }),
      "x",
    );
    expect(once).not.toHaveProperty("repeatWeeks");
    expect(once).not.toHaveProperty("priceCredits");
    expect(lastOccurrence("2026-12-10T18:00", 3)?.getTime()).toBe(
      new Date(2026, 11, 10, 18, 0).getTime() + 21 * 24 * 3_600_000,
    );
  });

  it("sends the time of an edit only when it was changed (the form shows minutes)", () => {
    const entry = makeScheduled({
      startsAt: "2026-12-10T18:00:30.000Z",
      description: "Old",
      gating: "paid",
      priceCredits: 20,
    });
    const values = formValuesOf(entry);
    expect(values.priceCredits).toBe("20");
    const kept = toScheduleUpdate(
      { ...values, description: "", gating: "public" },
      entry,
      "x",
    );
    expect(kept).toEqual({
      title: entry.title,
      description: "",
      sensitivity: "none",
      gating: "public",
    });
    const moved = toScheduleUpdate(
      { ...values, startsAt: "2026-12-11T19:30" },
      entry,
      "x",
    );
    expect(moved.startsAt).toBe(new Date(2026, 11, 11, 19, 30).toISOString());
    expect(moved.priceCredits).toBe(20);
  });

  it("maps the server's field names to the form's", () => {
    expect(fieldFromServer("startsAt")).toBe("startsAt");
    expect(fieldFromServer("repeatWeeks")).toBe("repeatWeeks");
    expect(fieldFromServer("priceCredits")).toBe("priceCredits");
    expect(fieldFromServer("id")).toBeNull();
  });
});
