import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeReel, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReelsFeed } from "./ReelsFeed";

const reels = [
  makeReel({ id: "r1", title: "First" }),
  makeReel({ id: "r2", title: "Second" }),
  makeReel({ id: "r3", title: "Third" }),
];

describe("ReelsFeed", () => {
  it("shows one reel at a time, autoplaying muted, and moves with the arrow keys", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels", {
      status: 200,
      body: { items: reels, nextCursor: null },
    });
    renderWithApp(<ReelsFeed />);
    const video = (await screen.findByLabelText("First")) as HTMLVideoElement;
    expect(video).toHaveAttribute("src", "/media/reels/r1");
    expect(video.muted).toBe(true);
    expect(video.autoplay).toBe(true);
    expect(screen.queryByLabelText("Second")).not.toBeInTheDocument();

    await userEvent.keyboard("{ArrowDown}");
    expect(screen.getByLabelText("Second")).toBeInTheDocument();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(screen.getByLabelText("Third")).toBeInTheDocument(); // stops at the end
    await userEvent.keyboard("{ArrowUp}");
    expect(screen.getByLabelText("Second")).toBeInTheDocument();
    expect(screen.getByText("2 / 3")).toBeInTheDocument();
  });

  it("turns the sound on and off with a button named for what it does", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels", {
      status: 200,
      body: { items: reels, nextCursor: null },
    });
    renderWithApp(<ReelsFeed />);
    const video = (await screen.findByLabelText("First")) as HTMLVideoElement;
    const on = screen.getByRole("button", { name: "Turn sound on" });
    expect(on).not.toHaveAttribute("aria-pressed");
    await userEvent.click(on);
    expect(video.muted).toBe(false);
    await userEvent.click(
      screen.getByRole("button", { name: "Turn sound off" }),
    );
    expect(video.muted).toBe(true);
  });

  it("shows the gate of a paid reel instead of a broken video", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /api/reels", {
        status: 200,
        body: {
          items: [
            makeReel({
              id: "p1",
              title: "Paid one",
              videoUrl: "/media/reels/p1",
              gating: "paid",
              priceCredits: 12,
            }),
          ],
          nextCursor: null,
        },
      })
      .on(
        "GET /media/reels/p1",
        apiError(402, "payment_required", { priceCredits: 12 }),
      )
      .on("GET /api/me/wallet", { status: 200, body: { balanceCredits: 0 } });
    renderWithApp(<ReelsFeed />);
    expect(
      await screen.findByRole("heading", { name: "Paid reel" }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Paid one")).toBeNull();
    expect(screen.getByRole("link", { name: "Paid one" })).toHaveAttribute(
      "href",
      "/reels/p1",
    );
  });

  it("reports the reel on screen", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/reels", {
        status: 200,
        body: { items: reels, nextCursor: null },
      })
      .on("POST /api/reports", { status: 201, body: { report: {} } });
    renderWithApp(<ReelsFeed />);
    await screen.findByLabelText("First");
    await user.keyboard("{ArrowDown}");
    await user.click(
      await screen.findByRole("button", { name: "Report the reel “Second”" }),
    );
    const dialog = screen.getByRole("dialog", {
      name: "Report the reel “Second”",
    });
    // Typing in the dialog does not move the feed.
    await user.type(within(dialog).getByRole("textbox"), "Spam{ArrowDown}");
    expect(screen.getByLabelText("Second")).toBeInTheDocument();
    await user.click(
      within(dialog).getByRole("button", { name: "Send report" }),
    );
    await within(dialog).findByText("Thanks — operators will look at it.");
    expect(api.callsTo("POST /api/reports")[0]?.body).toEqual({
      itemType: "reel",
      itemId: "r2",
      reason: "Spam",
    });
  });

  it("moves on vertical swipes", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels", {
      status: 200,
      body: { items: reels, nextCursor: null },
    });
    renderWithApp(<ReelsFeed />);
    const feed = await screen.findByRole("region", { name: "Reels" });
    fireEvent.touchStart(feed, { touches: [{ clientY: 500 }] });
    fireEvent.touchEnd(feed, { changedTouches: [{ clientY: 300 }] });
    expect(screen.getByLabelText("Second")).toBeInTheDocument();
    fireEvent.touchStart(feed, { touches: [{ clientY: 300 }] });
    fireEvent.touchEnd(feed, { changedTouches: [{ clientY: 320 }] }); // too short
    expect(screen.getByLabelText("Second")).toBeInTheDocument();
    fireEvent.touchStart(feed, { touches: [{ clientY: 300 }] });
    fireEvent.touchEnd(feed, { changedTouches: [{ clientY: 500 }] });
    expect(screen.getByLabelText("First")).toBeInTheDocument();
  });

  it("loads the next page before reaching the end", async () => {
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/reels", {
        status: 200,
        body: { items: reels.slice(0, 2), nextCursor: "c2" },
      })
      .on("GET /api/reels?scope=all&cursor=c2", {
        status: 200,
        body: { items: [reels[2]], nextCursor: null },
      });
    renderWithApp(<ReelsFeed />);
    await screen.findByLabelText("First");
    await waitFor(() =>
      expect(api.calls.filter((c) => c.url.includes("cursor=c2"))).toHaveLength(
        1,
      ),
    );
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(screen.getByLabelText("Third")).toBeInTheDocument();
  });

  it("has an empty state and an error state with retry", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels", apiError(500, "boom"), {
      status: 200,
      body: { items: [], nextCursor: null },
    });
    renderWithApp(<ReelsFeed />);
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(
      await screen.findByText("No reels yet. Upload the first one!"),
    ).toBeInTheDocument();
  });

  it("shows an empty feed, not an error, when the server has no reels endpoint (404)", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/reels",
      apiError(404, "not_found"),
    );
    renderWithApp(<ReelsFeed />);
    expect(await screen.findByText("No reels yet.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expect(api.callsTo("GET /api/reels")).toHaveLength(1);
  });
});
