import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { AdminSuspensions } from "./AdminSuspensions";

const op = makeUser({ id: "u9", handle: "op", isAdmin: true });

function suspendForm() {
  return within(screen.getByRole("form", { name: "Suspend an account" }));
}

function liftForm() {
  return within(screen.getByRole("form", { name: "Lift a suspension" }));
}

/** A `datetime-local` value `days` from now, at 10:30 local time. */
function localInput(days: number): { value: string; date: Date } {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(10, 30, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    value: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T10:30`,
    date,
  };
}

describe("AdminSuspensions", () => {
  it("suspends a handle with a reason and an end, after confirming", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op).on(
      "POST /api/admin/users/troll/suspend",
      { status: 204 },
    );
    renderWithApp(<AdminSuspensions />);
    const end = localInput(2);
    await user.type(suspendForm().getByLabelText("Handle"), " @troll ");
    await user.type(suspendForm().getByLabelText("Reason"), "ban evasion");
    await user.type(suspendForm().getByLabelText("Ends (optional)"), end.value);
    await user.click(suspendForm().getByRole("button", { name: "Suspend" }));
    const dialog = screen.getByRole("dialog", { name: "Suspend @troll?" });
    expect(dialog).toHaveTextContent("Reason: ban evasion");
    expect(api.callsTo("POST /api/admin/users/troll/suspend")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Suspend" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      /^Suspended @troll until .+\.$/,
    );
    expect(api.callsTo("POST /api/admin/users/troll/suspend")[0]?.body).toEqual(
      {
        reason: "ban evasion",
        until: end.date.toISOString(),
      },
    );
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(suspendForm().getByLabelText("Handle")).toHaveValue("");
    expect(suspendForm().getByLabelText("Reason")).toHaveValue("");
  });

  it("suspends until lifted when no end is given", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op).on(
      "POST /api/admin/users/troll/suspend",
      { status: 204 },
    );
    renderWithApp(<AdminSuspensions />);
    await user.type(suspendForm().getByLabelText("Handle"), "troll");
    await user.type(suspendForm().getByLabelText("Reason"), "spam");
    await user.click(suspendForm().getByRole("button", { name: "Suspend" }));
    await user.click(
      within(screen.getByRole("dialog")).getByRole("button", {
        name: "Suspend",
      }),
    );
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Suspended @troll until the suspension is lifted.",
    );
    expect(api.callsTo("POST /api/admin/users/troll/suspend")[0]?.body).toEqual(
      {
        reason: "spam",
        until: null,
      },
    );
  });

  it("checks the form before asking: a handle, a reason and an end in the future", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op);
    renderWithApp(<AdminSuspensions />);
    await user.click(suspendForm().getByRole("button", { name: "Suspend" }));
    const handle = suspendForm().getByLabelText("Handle");
    expect(handle).toHaveAttribute("aria-invalid", "true");
    expect(handle).toHaveAccessibleDescription(
      "Enter the handle of the account.",
    );
    expect(handle).toHaveFocus();
    expect(suspendForm().getByLabelText("Reason")).toHaveAccessibleDescription(
      /Say why/,
    );

    await user.type(handle, "troll");
    await user.type(suspendForm().getByLabelText("Reason"), "spam");
    await user.type(
      suspendForm().getByLabelText("Ends (optional)"),
      localInput(-1).value,
    );
    await user.click(suspendForm().getByRole("button", { name: "Suspend" }));
    const until = suspendForm().getByLabelText("Ends (optional)");
    expect(until).toHaveAttribute("aria-invalid", "true");
    expect(until).toHaveAccessibleDescription(/Choose an end in the future/);
    expect(until).toHaveFocus();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("says why the server refused, keeping the dialog open", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), op).on(
      "POST /api/admin/users/ghost/suspend",
      apiError(404, "not_found"),
    );
    renderWithApp(<AdminSuspensions />);
    await user.type(suspendForm().getByLabelText("Handle"), "ghost");
    await user.type(suspendForm().getByLabelText("Reason"), "spam");
    await user.click(suspendForm().getByRole("button", { name: "Suspend" }));
    const dialog = screen.getByRole("dialog", { name: "Suspend @ghost?" });
    await user.click(within(dialog).getByRole("button", { name: "Suspend" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "There is no one with the handle @ghost.",
    );
  });

  it("lifts a suspension by handle, and says when there is no such handle", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), op)
      .on("DELETE /api/admin/users/troll/suspend", { status: 204 })
      .on("DELETE /api/admin/users/ghost/suspend", apiError(404, "not_found"));
    renderWithApp(<AdminSuspensions />);
    const lift = liftForm().getByRole("button", { name: "Lift suspension" });
    expect(lift).toBeDisabled();
    await user.type(liftForm().getByLabelText("Handle"), "@troll{Enter}");
    expect(await screen.findByRole("status")).toHaveTextContent(
      "@troll is not suspended any more and can sign in.",
    );
    expect(api.callsTo("DELETE /api/admin/users/troll/suspend")).toHaveLength(
      1,
    );
    await user.type(liftForm().getByLabelText("Handle"), "ghost");
    await user.click(lift);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "There is no one with the handle @ghost.",
    );
  });
});
