import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeScheduled,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { CancelScheduledLive } from "./CancelScheduledLive";

describe("CancelScheduledLive", () => {
  it("keeps the dialog open with the reason when the live started meanwhile", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), makeUser({ id: "u2", handle: "bob" })).on(
      "DELETE /api/scheduled-lives/sch1",
      apiError(409, "conflict", { status: "live" }),
    );
    const onCancelled = vi.fn();
    const onStatus = vi.fn();
    renderWithApp(
      <CancelScheduledLive
        entry={makeScheduled()}
        onCancelled={onCancelled}
        onStatus={onStatus}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Cancel live" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel this live?" });
    // The safe choice has the focus.
    expect(
      within(dialog).getByRole("button", { name: "Keep it" }),
    ).toHaveFocus();
    await user.click(
      within(dialog).getByRole("button", { name: "Cancel the live" }),
    );
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "This live has already started.",
    );
    expect(onStatus).toHaveBeenCalledWith("live");
    expect(onCancelled).not.toHaveBeenCalled();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Cancel live" })).toHaveFocus();
  });
});
