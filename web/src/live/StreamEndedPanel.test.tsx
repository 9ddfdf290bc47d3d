import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError } from "../test/apiMock";
import { StreamEndedPanel } from "./StreamEndedPanel";

function renderInRouter(ui: ReactElement) {
  return render(<MemoryRouter>{ui}</MemoryRouter>);
}

describe("StreamEndedPanel", () => {
  it("says what happened and links to the reel, then back to reels", () => {
    renderInRouter(
      <StreamEndedPanel
        title="This live stream has ended"
        reelId="r 7"
        watchLabel="Watch the replay"
      >
        <p>Thanks for watching.</p>
      </StreamEndedPanel>,
    );
    const panel = screen.getByRole("status");
    expect(panel).toHaveClass("panel");
    expect(
      screen.getByRole("heading", {
        level: 2,
        name: "This live stream has ended",
      }),
    ).toBeInTheDocument();
    expect(panel).toHaveTextContent("Thanks for watching.");
    const links = screen.getAllByRole("link");
    expect(links.map((l) => l.textContent)).toEqual([
      "Watch the replay",
      "Back to reels",
    ]);
    expect(links[0]).toHaveAttribute("href", "/reels/r%207");
    expect(links[1]).toHaveAttribute("href", "/");
  });

  it("offers only the way back when there is no reel, with the heading level and class asked for", () => {
    renderInRouter(
      <StreamEndedPanel
        title="Stream ended"
        headingLevel={1}
        className="live-main"
        reelId={null}
        watchLabel="Watch the reel"
      >
        <p>This live stream has ended.</p>
      </StreamEndedPanel>,
    );
    expect(screen.getByRole("status")).toHaveClass("panel", "live-main");
    expect(
      screen.getByRole("heading", { level: 1, name: "Stream ended" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "Watch the reel" }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to reels" })).toHaveAttribute(
      "href",
      "/",
    );
  });
});

describe("StreamEndedPanel for the creator", () => {
  const insights = {
    durationMs: 1_800_000,
    peakViewers: 7,
    uniqueViewers: 10,
    totalWatchMs: 3_900_000,
    averageWatchMs: 390_000,
    viewerTimeline: [],
    chatTimeline: [],
    reactionTimeline: [],
    errors: {},
    notifications: { sent: 0, emailed: 0, opened: 0 },
    chatMessages: 15,
    reactions: 1,
    newFollowers: 2,
    revenueCredits: 1,
  };

  function renderSummary() {
    return renderInRouter(
      <StreamEndedPanel
        title="Stream ended"
        reelId={null}
        watchLabel="Watch your reel"
        summaryOf="s 1"
      >
        <p>The recording was discarded.</p>
      </StreamEndedPanel>,
    );
  }

  /** The value shown under `label` in the summary. */
  function stat(label: string): string {
    const summary = screen.getByRole("region", { name: "How it went" });
    return (
      within(summary).getByText(label, { selector: "dt" }).nextElementSibling
        ?.textContent ?? ""
    );
  }

  it("sums up the stream from its analytics and links to them", async () => {
    const api = new ApiMock().on("GET /api/live-streams/s%201/analytics", {
      status: 200,
      body: insights,
    });
    renderSummary();
    expect(screen.getByText("Counting…")).toBeInTheDocument();
    expect(
      await screen.findByRole("heading", { level: 3, name: "How it went" }),
    ).toBeInTheDocument();
    expect(await screen.findByText("30 min")).toBeInTheDocument();
    expect(stat("Duration")).toBe("30 min");
    expect(stat("Peak viewers")).toBe("7");
    expect(stat("Unique viewers")).toBe("10");
    expect(stat("Watch time")).toBe("1 h 5 min");
    expect(stat("Chat messages")).toBe("15");
    expect(stat("Reactions")).toBe("1");
    expect(stat("New followers")).toBe("2");
    expect(stat("Revenue")).toBe("1 credit");
    expect(
      screen.getByRole("link", { name: "See the full analytics" }),
    ).toHaveAttribute("href", "/live/s%201/analytics");
    expect(api.calls).toHaveLength(1);
  });

  it("offers a retry when the numbers cannot be read", async () => {
    new ApiMock().on(
      "GET /api/live-streams/s%201/analytics",
      apiError(500, "internal"),
      { status: 200, body: insights },
    );
    renderSummary();
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("30 min")).toBeInTheDocument();
    // The link still leads to the full page.
    expect(
      screen.getByRole("link", { name: "See the full analytics" }),
    ).toBeInTheDocument();
  });

  it("asks nothing without a stream to sum up", () => {
    const api = new ApiMock();
    renderInRouter(
      <StreamEndedPanel title="Ended" reelId={null} watchLabel="Watch">
        <p>Thanks for watching.</p>
      </StreamEndedPanel>,
    );
    expect(
      screen.queryByRole("region", { name: "How it went" }),
    ).not.toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });
});
