import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, makeScheduled, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ScheduleForm } from "./ScheduleForm";
import { formValuesOf } from "./scheduleForm";

describe("ScheduleForm", () => {
  it("lets an edit keep a time that is due now, offers no repeats, and can be discarded", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock());
    // Two minutes away: too soon for a new time, but an edit of the title keeps it.
    const entry = makeScheduled({
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
    });
    const onSubmit = vi.fn(() => Promise.resolve());
    const onCancel = vi.fn();
    renderWithApp(
      <ScheduleForm
        label="Edit this live"
        initial={formValuesOf(entry)}
        defaultTitle="Bob's live"
        submitLabel="Save changes"
        submittingLabel="Saving…"
        onSubmit={onSubmit}
        onCancel={onCancel}
      />,
    );
    expect(
      screen.queryByRole("checkbox", { name: "Repeat weekly" }),
    ).toBeNull();
    await user.type(screen.getByLabelText("Title"), "!");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ title: "Q&A on Sunday!" }),
    );
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(onCancel).toHaveBeenCalled();
  });

  it("says the price the paid choice needs, in dollars too", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock());
    renderWithApp(
      <ScheduleForm
        label="Schedule a live"
        initial={formValuesOf(makeScheduled())}
        defaultTitle="x"
        withRepeat
        submitLabel="Schedule"
        submittingLabel="Scheduling…"
        onSubmit={() => Promise.resolve()}
      />,
    );
    await user.click(screen.getByRole("radio", { name: "Paid" }));
    await user.type(screen.getByLabelText("Price in credits"), "250");
    expect(
      screen.getByLabelText("Price in credits"),
    ).toHaveAccessibleDescription("1 credit = $0.01 · 250 credits = $2.50");
  });
});
