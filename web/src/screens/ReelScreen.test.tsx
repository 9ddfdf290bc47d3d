import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeReel,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReelScreen } from "./ReelScreen";

afterEach(() => {
  Object.defineProperty(navigator, "share", {
    value: undefined,
    configurable: true,
  });
});

describe("ReelScreen", () => {
  it("plays the reel from /media with its details", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels/r1", {
      status: 200,
      body: {
        reel: makeReel({
          id: "r1",
          title: "Saved stream",
          sourceStreamId: "s1",
          durationMs: 65_000,
        }),
      },
    });
    renderWithApp(<ReelScreen />, { route: "/reels/r1", path: "/reels/:id" });
    expect(
      await screen.findByRole("heading", { name: "Saved stream" }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Saved stream")).toHaveAttribute(
      "src",
      "/media/reels/r1",
    );
    expect(screen.getByText(/1:05 · recorded live/)).toBeInTheDocument();
  });

  it("shows a visitor the reel, its creator, and a way to share it", async () => {
    new ApiMock()
      .on("GET /api/me", apiError(401, "unauthenticated"))
      .on("GET /api/reels/r1", {
        status: 200,
        body: { reel: makeReel({ id: "r1", title: "Beach" }) },
      });
    const share = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "share", {
      value: share,
      configurable: true,
    });
    renderWithApp(<ReelScreen />, { route: "/reels/r1", path: "/reels/:id" });
    expect(
      await screen.findByRole("heading", { name: "Beach" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Bob" })).toHaveTextContent("B");
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(share).toHaveBeenCalledWith({
      title: "Beach",
      url: `${window.location.origin}/reels/r1`,
    });
  });

  it("asks to follow instead of showing a followers-only reel it may not play", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/reels/r2", {
        status: 200,
        body: {
          reel: makeReel({
            id: "r2",
            title: "Fans only",
            videoUrl: "/media/reels/r2",
            gating: "followers",
          }),
        },
      })
      .on("GET /media/reels/r2", apiError(403, "followers_only"));
    renderWithApp(<ReelScreen />, { route: "/reels/r2", path: "/reels/:id" });
    expect(
      await screen.findByRole("button", { name: "Follow @bob to watch" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("heading", { name: "Fans only" }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Fans only")).toBeNull();
  });

  it("reports someone else's reel, not one's own", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/reels/r1", {
        status: 200,
        body: { reel: makeReel({ id: "r1", title: "Stolen clip" }) },
      })
      .on("POST /api/reports", { status: 201, body: { report: {} } });
    const view = renderWithApp(<ReelScreen />, {
      route: "/reels/r1",
      path: "/reels/:id",
    });
    await user.click(
      await screen.findByRole("button", { name: "Report this reel" }),
    );
    const dialog = screen.getByRole("dialog", { name: "Report this reel" });
    await user.type(within(dialog).getByRole("textbox"), "Not theirs");
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    await within(dialog).findByText("Thanks — operators will look at it.");
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "reel",
      itemId: "r1",
      reason: "Not theirs",
    });
    view.unmount();

    mockSignedIn(new ApiMock(), makeUser({ id: "u2", handle: "bob" })).on(
      "GET /api/reels/r1",
      { status: 200, body: { reel: makeReel({ id: "r1", title: "Mine" }) } },
    );
    renderWithApp(<ReelScreen />, { route: "/reels/r1", path: "/reels/:id" });
    await screen.findByRole("heading", { name: "Mine" });
    await screen.findByRole("button", { name: /^(Share|Copy link)$/ });
    expect(screen.queryByRole("button", { name: /^Report/ })).toBeNull();
  });

  it("says when the reel does not exist", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/reels/nope",
      apiError(404, "not_found"),
    );
    renderWithApp(<ReelScreen />, { route: "/reels/nope", path: "/reels/:id" });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not find that",
    );
  });
});
