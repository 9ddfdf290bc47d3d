import { screen, waitFor } from "@testing-library/react";
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
import { RemindMeButton } from "./RemindMeButton";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const carol = makeUser({ id: "u3", handle: "carol", displayName: "Carol" });

describe("RemindMeButton", () => {
  it("is not offered to the creator, nor once the live is not upcoming", async () => {
    const api = mockSignedIn(new ApiMock(), bob);
    const { unmount } = renderWithApp(
      <RemindMeButton entry={makeScheduled()} onChange={() => undefined} />,
    );
    await waitFor(() => expect(api.callsTo("GET /api/me")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("button")).toBeNull();
    unmount();
    mockSignedIn(new ApiMock(), carol);
    renderWithApp(
      <RemindMeButton
        entry={makeScheduled({ status: "live" })}
        onChange={() => undefined}
      />,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("passes on the new state, or the status the server names", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), carol).on(
      "DELETE /api/scheduled-lives/sch1/reminder",
      { status: 204 },
      apiError(409, "conflict", { status: "missed" }),
    );
    const onChange = vi.fn();
    const entry = makeScheduled({ isReminded: true, remindersCount: 3 });
    renderWithApp(<RemindMeButton entry={entry} onChange={onChange} />);
    const button = await screen.findByRole("button", {
      name: "Remind me",
      pressed: true,
    });
    await user.click(button);
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        ...entry,
        isReminded: false,
        remindersCount: 2,
      }),
    );
    expect(screen.getByRole("status")).toHaveTextContent(
      "You will not be reminded.",
    );
    await user.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This live did not take place.",
    );
    expect(onChange).toHaveBeenLastCalledWith({ ...entry, status: "missed" });
  });
});
