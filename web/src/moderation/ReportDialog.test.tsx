import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReportDialog } from "./ReportDialog";

function open(onClose = vi.fn()) {
  renderWithApp(
    <ReportDialog
      itemType="reel"
      itemId="r7"
      subject="this reel"
      onClose={onClose}
    />,
    { route: "/reels/r7", path: "/reels/:id" },
  );
  return onClose;
}

function dialog(): HTMLElement {
  return screen.getByRole("dialog", { name: "Report this reel" });
}

function reason(): HTMLElement {
  return within(dialog()).getByRole("textbox", {
    name: "Why are you reporting it?",
  });
}

describe("ReportDialog", () => {
  it("sends the trimmed reason and thanks the reporter, focus on Close", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on("POST /api/reports", {
      status: 201,
      body: { report: { id: "rep1" } },
    });
    const onClose = open();
    await screen.findByText(/operators of this site will see your report/);
    expect(reason()).toHaveFocus();
    const send = within(dialog()).getByRole("button", { name: "Send report" });
    // Nothing to send yet.
    expect(send).toBeDisabled();
    await user.type(reason(), "  Stolen video  ");
    expect(reason()).toHaveAccessibleDescription("16 of 500 characters");
    await user.click(send);
    const thanks = await within(dialog()).findByRole("status");
    expect(thanks).toHaveTextContent("Thanks — operators will look at it.");
    expect(api.callsTo("POST /api/reports")).toHaveLength(1);
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "reel",
      itemId: "r7",
      reason: "Stolen video",
    });
    const close = within(dialog()).getByRole("button", { name: "Close" });
    expect(close).toHaveFocus();
    expect(close).toHaveAccessibleDescription(
      "Thanks — operators will look at it.",
    );
    await user.click(close);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("says so when this user reported the item already", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on(
      "POST /api/reports",
      apiError(409, "conflict"),
    );
    open();
    await user.type(
      await screen.findByLabelText("Why are you reporting it?"),
      "x",
    );
    await user.click(
      within(dialog()).getByRole("button", { name: "Send report" }),
    );
    expect(await within(dialog()).findByRole("status")).toHaveTextContent(
      "You have reported this already.",
    );
    expect(within(dialog()).queryByRole("textbox")).toBeNull();
  });

  it("keeps the reason and says why when sending fails", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on(
      "POST /api/reports",
      apiError(404, "not_found"),
      { status: 201, body: { report: {} } },
    );
    open();
    await user.type(
      await screen.findByLabelText("Why are you reporting it?"),
      "Spam",
    );
    await user.click(
      within(dialog()).getByRole("button", { name: "Send report" }),
    );
    expect(await within(dialog()).findByRole("alert")).toHaveTextContent(
      "We could not find that. It may have been removed.",
    );
    expect(reason()).toHaveValue("Spam");
    await user.click(
      within(dialog()).getByRole("button", { name: "Send report" }),
    );
    expect(await within(dialog()).findByRole("status")).toHaveTextContent(
      "Thanks",
    );
    expect(api.callsTo("POST /api/reports")).toHaveLength(2);
  });

  it("stops at 500 characters", async () => {
    mockSignedIn(new ApiMock());
    open();
    const box = await screen.findByLabelText("Why are you reporting it?");
    // Typing 501 characters one by one is slow; paste them.
    await userEvent.click(box);
    await userEvent.paste("é".repeat(501));
    expect(box).toHaveValue("é".repeat(500));
    expect(box).toHaveAccessibleDescription("500 of 500 characters");
  });

  it("asks a visitor to sign in and come back", async () => {
    new ApiMock().on("GET /api/me", apiError(401, "unauthenticated"));
    const onClose = open();
    const link = await within(dialog()).findByRole("link", { name: "Log in" });
    expect(link).toHaveAttribute("href", "/login?next=%2Freels%2Fr7");
    expect(dialog()).toHaveTextContent(
      "Sign in to report this reel to the operators.",
    );
    await userEvent.click(
      within(dialog()).getByRole("button", { name: "Cancel" }),
    );
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("asks to sign in when the session ended meanwhile", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on(
      "POST /api/reports",
      apiError(401, "unauthenticated"),
    );
    open();
    await user.type(
      await screen.findByLabelText("Why are you reporting it?"),
      "x",
    );
    await user.click(
      within(dialog()).getByRole("button", { name: "Send report" }),
    );
    expect(
      await within(dialog()).findByRole("link", { name: "Log in" }),
    ).toBeInTheDocument();
  });

  it("closes on Escape and traps Tab inside", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock());
    const onClose = open();
    const box = await screen.findByLabelText("Why are you reporting it?");
    await user.type(box, "x");
    const cancel = within(dialog()).getByRole("button", { name: "Cancel" });
    cancel.focus();
    await user.tab();
    expect(box).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
