import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { StreamAnalytics } from "../api/client";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
  type MockReply,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { StreamAnalyticsScreen } from "./StreamAnalyticsScreen";

const operator = makeUser({ id: "u9", handle: "ops", isAdmin: true });

const timeline = [
  { kind: "created", detail: "", at: "2026-11-28T10:00:00.000Z" },
  { kind: "live", detail: "", at: "2026-11-28T10:00:05.000Z" },
  { kind: "ended", detail: "ended_by_owner", at: "2026-11-28T10:30:05.000Z" },
];

function report(overrides: Partial<StreamAnalytics> = {}): MockReply {
  return {
    status: 200,
    body: {
      stream: makeStream({
        id: "s1",
        title: "Morning run",
        status: "ended",
        createdAt: "2026-11-28T10:00:00.000Z",
        startedAt: "2026-11-28T10:00:05.000Z",
        endedAt: "2026-11-28T10:30:05.000Z",
        endReason: "ended_by_owner",
        recording: "saved",
        reelId: "r1",
      }),
      analytics: {
        uniqueViewers: 10,
        watchSessions: 14,
        currentViewers: 3,
        peakViewers: 7,
        totalWatchMs: 3_900_000,
        averageWatchMs: 257_142,
        durationMs: 1_800_000,
        purchases: 2,
        revenueCredits: 100,
        followersNotified: 250,
        clientEvents: { playback_error: 2, reconnect: 5 },
        timeline,
        ...overrides,
      },
    },
  };
}

function renderAt(id = "s1") {
  return renderWithApp(<StreamAnalyticsScreen />, {
    route: `/admin/streams/${id}`,
    path: "/admin/streams/:id",
  });
}

/** The value shown under `label` in the section named `section`. */
function stat(section: string, label: string): string {
  const term = within(screen.getByRole("region", { name: section })).getByText(
    label,
    { selector: "dt" },
  );
  return term.nextElementSibling?.textContent ?? "";
}

describe("StreamAnalyticsScreen", () => {
  it("shows the stream and its numbers in words", async () => {
    const api = mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      report(),
    );
    renderAt();
    expect(
      await screen.findByRole("heading", { level: 1, name: "Morning run" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "@bob" })).toHaveAttribute(
      "href",
      "/u/bob",
    );
    expect(screen.getByText("Ended", { selector: ".pill" })).toBeVisible();
    expect(
      screen.getByText("Ended", { selector: "dt" }).nextElementSibling,
    ).toHaveTextContent(
      `${new Date("2026-11-28T10:30:05.000Z").toLocaleString()} · by the creator`,
    );
    expect(
      screen.getByRole("link", { name: "Watch the reel" }),
    ).toHaveAttribute("href", "/reels/r1");

    expect(stat("Audience", "Watching now")).toBe("3");
    expect(stat("Audience", "Peak viewers")).toBe("7");
    expect(stat("Audience", "Unique viewers")).toBe("10");
    expect(stat("Audience", "Watch sessions")).toBe("14");
    expect(stat("Audience", "Duration")).toBe("30 min");
    expect(stat("Audience", "Total watch time")).toBe("1 h 5 min");
    expect(stat("Audience", "Average watch time")).toBe("4 min");
    expect(stat("Money and reach", "Purchases")).toBe("2");
    expect(stat("Money and reach", "Revenue")).toBe("100 credits");
    expect(stat("Money and reach", "Followers notified")).toBe("250");
    expect(api.callsTo("GET /api/admin/streams/s1/analytics")).toHaveLength(1);
  });

  it("shows a dash for a stream that never started", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      report({ durationMs: null, clientEvents: {}, timeline: [] }),
    );
    renderAt();
    await screen.findByRole("heading", { level: 1, name: "Morning run" });
    expect(stat("Audience", "Duration")).toBe("—");
    expect(screen.getByText("No client events reported.")).toBeInTheDocument();
    expect(screen.getByText("Nothing has happened yet.")).toBeInTheDocument();
  });

  it("tables client events, most frequent first", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      report(),
    );
    renderAt();
    const events = within(
      await screen.findByRole("table", { name: "Client events" }),
    );
    expect(
      events.getAllByRole("columnheader").map((th) => th.textContent),
    ).toEqual(["Event", "Count"]);
    const rows = events
      .getAllByRole("row")
      .slice(1)
      .map((row) =>
        [...row.querySelectorAll("th, td")].map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ["Reconnects", "5"],
      ["Playback errors", "2"],
    ]);
  });

  it("lists the timeline in local time", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      report(),
    );
    renderAt();
    const list = within(await screen.findByRole("list", { name: "Timeline" }));
    const items = list.getAllByRole("listitem");
    expect(items).toHaveLength(3);
    timeline.forEach((entry, i) => {
      const time = items[i]!.querySelector("time");
      expect(time).toHaveAttribute("datetime", entry.at);
      expect(time).toHaveTextContent(new Date(entry.at).toLocaleString());
    });
    expect(items[0]).toHaveTextContent("Created");
    expect(items[1]).toHaveTextContent("Went live");
    expect(items[2]).toHaveTextContent("Ended — by the creator");
  });

  it("says when the stream does not exist", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/nope/analytics",
      apiError(404, "not_found"),
    );
    renderAt("nope");
    expect(
      await screen.findByText("This stream does not exist."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Back to the dashboard" }),
    ).toHaveAttribute("href", "/admin");
  });

  it("shows the operators-only message when the server refuses", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      apiError(403, "forbidden"),
    );
    renderAt();
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
  });

  it("asks nothing for a user who is not an operator", async () => {
    const api = mockSignedIn(new ApiMock(), makeUser({ isAdmin: false }));
    renderAt();
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith("/api/admin"))).toEqual(
      [],
    );
  });

  it("retries after a failure and refreshes on demand", async () => {
    const api = mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/streams/s1/analytics",
      apiError(500, "internal"),
      report(),
      report({ currentViewers: 6 }),
    );
    renderAt();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByRole("heading", { level: 1, name: "Morning run" });
    expect(stat("Audience", "Watching now")).toBe("3");
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await screen.findByText("6", { selector: "dd" });
    expect(stat("Audience", "Watching now")).toBe("6");
    expect(api.callsTo("GET /api/admin/streams/s1/analytics")).toHaveLength(3);
  });
});
