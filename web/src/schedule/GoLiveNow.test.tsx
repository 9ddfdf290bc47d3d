import { screen } from "@testing-library/react";
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
import { GoLiveNow } from "./GoLiveNow";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });

describe("GoLiveNow", () => {
  it("starts nothing while the camera is refused, and tries again on the next press", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock(), bob);
    const getUserMedia = vi.mocked(navigator.mediaDevices.getUserMedia);
    getUserMedia.mockRejectedValueOnce(
      new DOMException("denied", "NotAllowedError"),
    );
    renderWithApp(
      <GoLiveNow entry={makeScheduled()} onStatus={() => undefined} />,
    );
    await user.click(screen.getByRole("button", { name: /Go live now/ }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Go live now/ })).toBeEnabled();
    expect(api.callsTo("POST /api/live-streams")).toHaveLength(0);
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });

  it("passes on the entry's status when it cannot start any more", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock(), bob).on(
      "POST /api/live-streams",
      apiError(409, "conflict", { status: "cancelled" }),
    );
    const onStatus = vi.fn();
    renderWithApp(<GoLiveNow entry={makeScheduled()} onStatus={onStatus} />);
    await user.click(screen.getByRole("button", { name: /Go live now/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This live was cancelled.",
    );
    expect(onStatus).toHaveBeenCalledWith("cancelled");
  });
});
