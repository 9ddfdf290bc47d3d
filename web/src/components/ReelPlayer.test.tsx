import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeReel,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReelPlayer } from "./ReelPlayer";

const bob = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });

function video(name: string): HTMLVideoElement {
  return screen.getByLabelText(name) as HTMLVideoElement;
}

describe("ReelPlayer", () => {
  it("plays a public reel at once, muted in the feed, with its thumbnail as poster", async () => {
    const api = mockSignedIn(new ApiMock());
    const play = vi.spyOn(HTMLMediaElement.prototype, "play");
    renderWithApp(
      <ReelPlayer reel={makeReel({ title: "Sunset" })} variant="feed" />,
    );
    const v = video("Sunset");
    expect(v).toHaveAttribute("src", "/media/reels/r1");
    expect(v).toHaveAttribute("poster", "/media/reels/r1/thumbnail");
    expect(v.muted).toBe(true);
    expect(v.loop).toBe(true);
    expect(v.autoplay).toBe(true);
    await waitFor(() => expect(play).toHaveBeenCalled());
    expect(api.callsTo("GET /media/reels/r1")).toHaveLength(0); // nothing to check
  });

  it("shows the paywall of a paid reel, buys it as itemType reel, then plays", async () => {
    const api = mockSignedIn(new ApiMock())
      .on(
        "GET /media/reels/r2",
        apiError(402, "payment_required", {
          priceCredits: 30,
          itemType: "reel",
          itemId: "r2",
        }),
        { status: 206 },
      )
      .on("GET /api/me/wallet", { status: 200, body: { balanceCredits: 50 } })
      .on("POST /api/purchases", {
        status: 201,
        body: { purchase: { id: "p1" }, balanceCredits: 20 },
      });
    renderWithApp(
      <ReelPlayer
        reel={makeReel({
          id: "r2",
          title: "Masterclass",
          videoUrl: "/media/reels/r2",
          gating: "paid",
          priceCredits: 30,
        })}
        variant="feed"
      />,
    );
    expect(
      await screen.findByRole("heading", { name: "Paid reel" }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Masterclass")).toBeNull(); // no broken video
    expect(api.callsTo("GET /media/reels/r2")[0]?.init?.headers).toMatchObject({
      Range: "bytes=0-0",
    });
    await userEvent.click(
      await screen.findByRole("button", { name: "Buy for 30 credits" }),
    );
    expect(await screen.findByLabelText("Masterclass")).toHaveAttribute(
      "src",
      "/media/reels/r2",
    );
    expect(api.callsTo("POST /api/purchases")[0]?.body).toEqual({
      itemType: "reel",
      itemId: "r2",
      idempotencyKey: expect.any(String),
    });
  });

  it("asks to follow for a followers-only reel, follows, then plays", async () => {
    const api = mockSignedIn(new ApiMock())
      .on("GET /media/reels/r3", apiError(403, "followers_only"), {
        status: 206,
      })
      .on("POST /api/users/bob/follow", { status: 204 });
    renderWithApp(
      <ReelPlayer
        reel={makeReel({
          id: "r3",
          title: "For fans",
          videoUrl: "/media/reels/r3",
          gating: "followers",
          author: bob,
        })}
        variant="page"
      />,
    );
    expect(await screen.findByText(/can watch this reel/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("button", { name: "Follow @bob to watch" }),
    );
    expect(await screen.findByLabelText("For fans")).toBeInTheDocument();
    expect(api.callsTo("POST /api/users/bob/follow")).toHaveLength(1);
    expect(api.callsTo("GET /media/reels/r3")).toHaveLength(2);
  });

  it("plays a gated reel that the viewer may already watch (bought, following)", async () => {
    mockSignedIn(new ApiMock()).on("GET /media/reels/r4", { status: 206 });
    renderWithApp(
      <ReelPlayer
        reel={makeReel({
          id: "r4",
          title: "Bought",
          videoUrl: "/media/reels/r4",
          gating: "paid",
          priceCredits: 5,
        })}
        variant="feed"
      />,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Loading…");
    expect(await screen.findByLabelText("Bought")).toBeInTheDocument();
  });

  it("does not gate the creator's own paid reel", async () => {
    const me = makeUser({ id: "u9", handle: "me" });
    const api = mockSignedIn(new ApiMock(), me);
    renderWithApp(
      <ReelPlayer
        reel={makeReel({
          title: "Mine",
          author: me,
          gating: "paid",
          priceCredits: 5,
        })}
        variant="page"
      />,
    );
    expect(await screen.findByLabelText("Mine")).toBeInTheDocument();
    expect(api.callsTo("GET /media/reels/r1")).toHaveLength(0);
  });

  it("asks before playing a sensitive reel", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(
      <ReelPlayer
        reel={makeReel({ title: "Edgy", sensitivity: "sensitive" })}
        variant="feed"
      />,
    );
    expect(
      await screen.findByRole("heading", { name: "Sensitive content" }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Edgy")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Watch anyway" }));
    expect(screen.getByLabelText("Edgy")).toBeInTheDocument();
  });

  it("plays the reel page muted when the browser refuses sound without a gesture", async () => {
    mockSignedIn(new ApiMock());
    const play = vi
      .spyOn(HTMLMediaElement.prototype, "play")
      .mockImplementationOnce(() =>
        Promise.reject(new DOMException("no gesture", "NotAllowedError")),
      )
      .mockImplementation(() => Promise.resolve());
    renderWithApp(
      <ReelPlayer reel={makeReel({ title: "Loud" })} variant="page" />,
    );
    const v = video("Loud");
    expect(v.controls).toBe(true);
    await waitFor(() => expect(play).toHaveBeenCalledTimes(2));
    expect(v.muted).toBe(true);
    expect(screen.queryByRole("button", { name: "Play" })).toBeNull();
  });

  it("offers a play button when even muted autoplay is refused", async () => {
    mockSignedIn(new ApiMock());
    vi.spyOn(HTMLMediaElement.prototype, "play").mockImplementation(() =>
      Promise.reject(new DOMException("no", "NotAllowedError")),
    );
    renderWithApp(
      <ReelPlayer reel={makeReel({ title: "Quiet" })} variant="feed" />,
    );
    expect(
      await screen.findByRole("button", { name: "Play" }),
    ).toBeInTheDocument();
  });

  it("asks the server why when the video fails: shows the gate it answers", async () => {
    const api = mockSignedIn(new ApiMock())
      .on(
        "GET /media/reels/r1",
        apiError(402, "payment_required", { priceCredits: 9 }),
      )
      .on("GET /api/me/wallet", { status: 200, body: { balanceCredits: 0 } })
      .on("POST /api/client-events", { status: 204 });
    renderWithApp(
      <ReelPlayer reel={makeReel({ title: "Changed" })} variant="feed" />,
    );
    act(() => {
      fireEvent.error(video("Changed"));
    });
    expect(
      await screen.findByRole("heading", { name: "Paid reel" }),
    ).toBeInTheDocument();
    expect(api.callsTo("POST /api/client-events")[0]?.body).toMatchObject({
      kind: "playback_error",
      detail: { reelId: "r1" },
    });
  });

  it("says so, with a retry, when the video fails for another reason", async () => {
    mockSignedIn(new ApiMock())
      .on("GET /media/reels/r1", { status: 206 })
      .on("POST /api/client-events", { status: 204 });
    renderWithApp(
      <ReelPlayer reel={makeReel({ title: "Broken" })} variant="feed" />,
    );
    act(() => {
      fireEvent.error(video("Broken"));
    });
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByLabelText("Broken")).toBeInTheDocument();
  });
});
