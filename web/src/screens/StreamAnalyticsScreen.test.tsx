import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamAnalytics, StreamInsights } from "../api/client";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
  type MockReply,
} from "../test/apiMock";
import { RequireAuth } from "../components/RequireAuth";
import { renderWithApp } from "../test/render";
import FakeUPlot from "../test/uplotMock";
import { StreamAnalyticsScreen } from "./StreamAnalyticsScreen";

vi.mock("uplot", () => import("../test/uplotMock"));

const creator = makeUser({ id: "u2", handle: "bob", displayName: "Bob" });
const operator = makeUser({ id: "u9", handle: "ops", isAdmin: true });

const timeline = [
  { kind: "created", detail: "", at: "2026-11-28T10:00:00.000Z" },
  { kind: "live", detail: "", at: "2026-11-28T10:00:05.000Z" },
  { kind: "ended", detail: "ended_by_owner", at: "2026-11-28T10:30:05.000Z" },
];

const instants = [
  "2026-11-28T10:00:05.000Z",
  "2026-11-28T10:15:05.000Z",
  "2026-11-28T10:30:05.000Z",
];

const streamReply: MockReply = {
  status: 200,
  body: {
    stream: makeStream({
      id: "s1",
      author: creator,
      title: "Morning run",
      status: "ended",
      createdAt: "2026-11-28T10:00:00.000Z",
      startedAt: "2026-11-28T10:00:05.000Z",
      endedAt: "2026-11-28T10:30:05.000Z",
      endReason: "ended_by_owner",
      recording: "saved",
      reelId: "r1",
    }),
  },
};

function insights(overrides: Partial<StreamInsights> = {}): MockReply {
  const body: StreamInsights = {
    durationMs: 1_800_000,
    peakViewers: 7,
    uniqueViewers: 10,
    totalWatchMs: 3_900_000,
    averageWatchMs: 257_142,
    viewerTimeline: instants.map((at, i) => ({ at, viewers: [2, 7, 4][i]! })),
    chatTimeline: instants.map((at, i) => ({ at, count: [0, 12, 3][i]! })),
    reactionTimeline: instants.map((at, i) => ({ at, count: [1, 40, 9][i]! })),
    errors: { playback_error: 2, reconnect: 5 },
    notifications: { sent: 250, emailed: 40, opened: 61 },
    chatMessages: 15,
    reactions: 50,
    newFollowers: 1,
    revenueCredits: 100,
    ...overrides,
  };
  return { status: 200, body };
}

function operations(overrides: Partial<StreamAnalytics> = {}): MockReply {
  return {
    status: 200,
    body: {
      stream: (streamReply as { body: { stream: unknown } }).body.stream,
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

function asCreator(reply: MockReply = insights()): ApiMock {
  return mockSignedIn(new ApiMock(), creator)
    .on("GET /api/live-streams/s1", streamReply)
    .on("GET /api/live-streams/s1/analytics", reply);
}

function asOperator(): ApiMock {
  return mockSignedIn(new ApiMock(), operator)
    .on("GET /api/live-streams/s1", streamReply)
    .on("GET /api/live-streams/s1/analytics", insights())
    .on("GET /api/admin/streams/s1/analytics", operations());
}

/** As App mounts it: behind sign-in. */
function renderAt(id = "s1") {
  return renderWithApp(
    <RequireAuth>
      <StreamAnalyticsScreen />
    </RequireAuth>,
    {
      route: `/live/${id}/analytics`,
      path: "/live/:id/analytics",
    },
  );
}

/** The value shown under `label` in the section named `section`. */
function stat(section: string, label: string): string {
  const term = within(screen.getByRole("region", { name: section })).getByText(
    label,
    { selector: "dt" },
  );
  return term.nextElementSibling?.textContent ?? "";
}

/** The rows of a table as the text of their cells. */
function rowsOf(table: HTMLElement): Array<Array<string | null>> {
  return within(table)
    .getAllByRole("row")
    .map((row) =>
      [...row.querySelectorAll("th, td")].map((cell) => cell.textContent),
    );
}

describe("StreamAnalyticsScreen", () => {
  beforeEach(() => {
    FakeUPlot.instances = [];
  });

  it("shows the creator the stream's totals in words", async () => {
    const api = asCreator();
    renderAt();
    expect(
      await screen.findByRole("heading", { level: 1, name: "Morning run" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "← Your profile" }),
    ).toHaveAttribute("href", "/u/bob");
    expect(screen.getByText("Ended", { selector: ".pill" })).toBeVisible();
    expect(
      screen.getByText("Ended", { selector: "dt" }).nextElementSibling,
    ).toHaveTextContent(
      `${new Date("2026-11-28T10:30:05.000Z").toLocaleString()} · by the creator`,
    );
    expect(
      screen.getByRole("link", { name: "Watch the reel" }),
    ).toHaveAttribute("href", "/reels/r1");

    expect(stat("Totals", "Duration")).toBe("30 min");
    expect(stat("Totals", "Peak viewers")).toBe("7");
    expect(stat("Totals", "Unique viewers")).toBe("10");
    expect(stat("Totals", "Watch time")).toBe("1 h 5 min");
    expect(stat("Totals", "Chat messages")).toBe("15");
    expect(stat("Totals", "Reactions")).toBe("50");
    expect(stat("Totals", "New followers")).toBe("1");
    expect(stat("Totals", "Revenue")).toBe("100 credits");
    expect(stat("Audience and reach", "Average watch time")).toBe("4 min");
    expect(stat("Audience and reach", "Notifications sent")).toBe("250");
    expect(stat("Audience and reach", "Emails sent")).toBe("40");
    expect(stat("Audience and reach", "Notifications opened")).toBe("61");

    // Operators' numbers are neither asked for nor shown.
    expect(screen.queryByText("Watch sessions")).not.toBeInTheDocument();
    expect(
      screen.queryByRole("region", { name: "Timeline" }),
    ).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith("/api/admin"))).toEqual(
      [],
    );
  });

  it("charts viewers, chat and reactions over time, with the numbers in tables", async () => {
    asCreator();
    renderAt();
    const viewers = await screen.findByRole("table", {
      name: "Viewers over time",
    });
    expect(rowsOf(viewers)).toEqual([
      ["Time", "Viewers"],
      ...instants.map((at, i) => [
        new Date(at).toLocaleTimeString(),
        ["2", "7", "4"][i],
      ]),
    ]);
    const engagement = screen.getByRole("table", {
      name: "Chat messages and reactions over time",
    });
    expect(rowsOf(engagement)[2]).toEqual([
      new Date(instants[1]!).toLocaleTimeString(),
      "12",
      "40",
    ]);

    // Each chart is a section of its own, named by its heading.
    expect(
      within(
        screen.getByRole("region", { name: "Viewers over time" }),
      ).getByRole("table"),
    ).toBe(viewers);
    expect(
      within(
        screen.getByRole("region", { name: "Chat and reactions over time" }),
      ).getByRole("table"),
    ).toBe(engagement);

    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(2));
    const [viewerChart, engagementChart] = FakeUPlot.instances;
    expect(viewerChart!.seriesLabels()).toEqual(["Viewers"]);
    expect(viewerChart!.data[1]).toEqual([2, 7, 4]);
    expect(engagementChart!.seriesLabels()).toEqual([
      "Chat messages",
      "Reactions",
    ]);
    expect(engagementChart!.data.slice(1)).toEqual([
      [0, 12, 3],
      [1, 40, 9],
    ]);
  });

  it("shows a dash and no charts for a stream that never went live", async () => {
    asCreator(
      insights({
        durationMs: null,
        viewerTimeline: [],
        chatTimeline: [],
        reactionTimeline: [],
        errors: {},
      }),
    );
    renderAt();
    await screen.findByRole("heading", { level: 1, name: "Morning run" });
    expect(stat("Totals", "Duration")).toBe("—");
    expect(
      screen.getAllByText("The stream has not been live yet."),
    ).toHaveLength(2);
    expect(screen.getByText("No client events reported.")).toBeInTheDocument();
    expect(FakeUPlot.instances).toHaveLength(0);
  });

  it("tables client events, most frequent first", async () => {
    asCreator();
    renderAt();
    const events = await screen.findByRole("table", { name: "Client events" });
    expect(rowsOf(events)).toEqual([
      ["Event", "Count"],
      ["Reconnects", "5"],
      ["Playback errors", "2"],
    ]);
  });

  it("shows operators their own numbers and the stream's history in local time", async () => {
    asOperator();
    renderAt();
    await screen.findByRole("heading", { level: 1, name: "Morning run" });
    expect(
      screen.getByRole("link", { name: "← Operators’ dashboard" }),
    ).toHaveAttribute("href", "/admin");
    expect(stat("Audience and reach", "Watching now")).toBe("3");
    expect(stat("Audience and reach", "Watch sessions")).toBe("14");
    expect(stat("Audience and reach", "Purchases")).toBe("2");
    expect(stat("Audience and reach", "Followers notified")).toBe("250");

    const items = within(
      screen.getByRole("list", { name: "Timeline" }),
    ).getAllByRole("listitem");
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
    mockSignedIn(new ApiMock(), operator)
      .on("GET /api/live-streams/nope", apiError(404, "not_found"))
      .on("GET /api/live-streams/nope/analytics", apiError(404, "not_found"))
      .on("GET /api/admin/streams/nope/analytics", apiError(404, "not_found"));
    renderAt("nope");
    expect(
      await screen.findByText("This stream does not exist."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Back to the dashboard" }),
    ).toHaveAttribute("href", "/admin");
  });

  it("tells someone else it is not their stream", async () => {
    asCreator(apiError(403, "not_stream_owner"));
    renderAt();
    expect(
      await screen.findByRole("heading", { level: 1, name: "Not your stream" }),
    ).toBeInTheDocument();
  });

  it("retries after a failure and refreshes on demand", async () => {
    const api = asCreator(apiError(500, "internal"));
    api.on(
      "GET /api/live-streams/s1/analytics",
      apiError(500, "internal"),
      insights(),
      insights({ peakViewers: 9 }),
    );
    renderAt();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByRole("heading", { level: 1, name: "Morning run" });
    expect(stat("Totals", "Peak viewers")).toBe("7");
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await screen.findByText("9", { selector: "dd" });
    expect(stat("Totals", "Peak viewers")).toBe("9");
    expect(api.callsTo("GET /api/live-streams/s1/analytics")).toHaveLength(3);
  });
});
