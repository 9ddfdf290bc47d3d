import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AdminOverview } from "../api/client";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
  type MockReply,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { AdminScreen } from "./AdminScreen";

vi.mock("uplot", () => import("../test/uplotMock"));

const operator = makeUser({ id: "u9", handle: "ops", isAdmin: true });

function overview(overrides: Partial<AdminOverview> = {}): MockReply {
  const body: AdminOverview = {
    streams: { created: 1, live: 2, interrupted: 0, ended: 40 },
    eventSockets: 12,
    mediaBackend: "builtin",
    users: 120,
    reels: 33,
    last24h: {
      streamsStarted: 5,
      watchSessions: 80,
      uniqueViewers: 61,
      purchases: 4,
      revenueCredits: 200,
    },
    notifications: { emailPending: 3, emailFailed: 1, fanoutJobsPending: 0 },
    topLive: [
      makeStream({ id: "s1", title: "Morning run", viewerCount: 9 }),
      makeStream({
        id: "s2",
        title: "Cooking",
        viewerCount: 4,
        author: makeUser({ id: "u3", handle: "carol" }),
      }),
    ],
    ...overrides,
  };
  return { status: 200, body };
}

function page(items: unknown[], nextCursor: string | null = null) {
  return { status: 200, body: { items, nextCursor } };
}

const running = makeStream({ id: "s1", title: "Morning run" });
const finished = makeStream({
  id: "s5",
  title: "Old show",
  status: "ended",
  viewerCount: 0,
  peakViewers: 17,
  endedAt: "2026-11-24T11:00:00.000Z",
  endReason: "ended_by_owner",
  recording: "saved",
});

/** An operator with the overview and the first page of all streams answered. */
function operatorApi(first: MockReply = page([running, finished])): ApiMock {
  return mockSignedIn(new ApiMock(), operator)
    .on("GET /api/admin/overview", overview())
    .on("GET /api/admin/streams?limit=20", first)
    .on("GET /api/admin/viewers", { status: 200, body: { points: [] } })
    .on("GET /api/admin/reports", page([]))
    .on("GET /api/admin/moderation-log", page([]));
}

/** The text of the overview card labelled `label`. */
function stat(label: string): string {
  const term = within(
    screen.getByRole("region", { name: "Overview" }),
  ).getByText(label, { selector: "dt" });
  return term.nextElementSibling?.textContent ?? "";
}

function table() {
  return within(screen.getByRole("table"));
}

/** Opens the dashboard, asks to end “Morning run”, confirms with the server answering `reply`. */
async function endMorningRun(reply: MockReply) {
  operatorApi().on("POST /api/admin/streams/s1/end", reply);
  renderWithApp(<AdminScreen />);
  await userEvent.click(
    await screen.findByRole("button", { name: "End stream “Morning run”" }),
  );
  const dialog = within(screen.getByRole("dialog"));
  await userEvent.click(dialog.getByRole("button", { name: "End stream" }));
  return dialog;
}

describe("AdminScreen", () => {
  it("shows the overview numbers and who is live now", async () => {
    operatorApi();
    renderWithApp(<AdminScreen />);
    expect(
      await screen.findByText("Live now", { selector: "dt" }),
    ).toBeVisible();
    expect(stat("Live now")).toBe("2");
    expect(stat("Interrupted")).toBe("0");
    expect(stat("Streams started (24 h)")).toBe("5");
    expect(stat("Watch sessions (24 h)")).toBe("80");
    expect(stat("Unique viewers (24 h)")).toBe("61");
    expect(stat("Revenue (24 h)")).toBe("200 credits");
    expect(stat("Event sockets")).toBe("12");
    expect(stat("Emails pending")).toBe("3");
    expect(stat("Emails failed")).toBe("1");
    expect(stat("Media backend")).toBe("Built-in relay");
    expect(screen.getByText("4 purchases")).toBeInTheDocument();

    const live = within(
      screen.getByRole("region", { name: "Live now" }),
    ).getAllByRole("link");
    expect(live.map((a) => a.getAttribute("href"))).toEqual([
      "/live/s1",
      "/admin/streams/s1",
      "/live/s2",
      "/admin/streams/s2",
    ]);
    expect(live[0]).toHaveTextContent("Morning run");
  });

  it("has the reports, the suspensions and the whole site's moderation log", async () => {
    operatorApi();
    renderWithApp(<AdminScreen />);
    for (const name of ["Reports", "Suspensions", "Moderation log"])
      expect(await screen.findByRole("region", { name })).toBeInTheDocument();
    expect(await screen.findByText("No open reports.")).toBeInTheDocument();
    expect(
      await screen.findByText("Nothing has been moderated yet."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("form", { name: "Suspend an account" }),
    ).toBeInTheDocument();
  });

  it("charts the instance's viewers over the last hour", async () => {
    operatorApi().on("GET /api/admin/viewers", {
      status: 200,
      body: {
        points: [
          { at: "2026-11-28T10:00:00.000Z", viewers: 12, liveStreams: 2 },
        ],
      },
    });
    renderWithApp(<AdminScreen />);
    const section = await screen.findByRole("region", {
      name: "Viewers over time",
    });
    expect(
      await within(section).findByRole("table", {
        name: "Viewers over the last hour",
      }),
    ).toHaveTextContent("12");
  });

  it("lists every stream with its author, status, viewers and actions", async () => {
    operatorApi();
    renderWithApp(<AdminScreen />);
    await screen.findByRole("table");
    expect(
      table()
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual([
      "Title",
      "Author",
      "Status",
      "Viewers (now / peak)",
      "Created",
      "Actions",
    ]);
    const open = within(screen.getByRole("row", { name: /Morning run/ }));
    expect(open.getByRole("link", { name: "@bob" })).toHaveAttribute(
      "href",
      "/u/bob",
    );
    expect(open.getByText("Live")).toBeInTheDocument();
    expect(open.getByText("3 / 5")).toBeInTheDocument();
    expect(
      open.getByRole("link", { name: "Analytics for “Morning run”" }),
    ).toHaveAttribute("href", "/admin/streams/s1");
    expect(
      open.getByRole("button", { name: "End stream “Morning run”" }),
    ).toBeInTheDocument();

    const ended = within(screen.getByRole("row", { name: /Old show/ }));
    expect(ended.getByText("Ended")).toBeInTheDocument();
    expect(ended.getByText("0 / 17")).toBeInTheDocument();
    expect(
      ended.getByRole("link", { name: "Analytics for “Old show”" }),
    ).toBeInTheDocument();
    expect(ended.queryByRole("button")).not.toBeInTheDocument();
  });

  it("refreshes the overview every 10 s and everything on Refresh", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = operatorApi();
    api.on(
      "GET /api/admin/overview",
      overview(),
      overview({ eventSockets: 30 }),
      overview({ eventSockets: 31 }),
    );
    renderWithApp(<AdminScreen />);
    await screen.findByRole("table");
    expect(stat("Event sockets")).toBe("12");
    expect(api.callsTo("GET /api/admin/streams")).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(10_000));
    await waitFor(() => expect(stat("Event sockets")).toBe("30"));
    expect(api.callsTo("GET /api/admin/overview")).toHaveLength(2);
    expect(api.callsTo("GET /api/admin/streams")).toHaveLength(1);

    expect(api.callsTo("GET /api/admin/reports")).toHaveLength(1);
    expect(api.callsTo("GET /api/admin/moderation-log")).toHaveLength(1);

    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(stat("Event sockets")).toBe("31"));
    expect(api.callsTo("GET /api/admin/streams")).toHaveLength(2);
    expect(api.callsTo("GET /api/admin/reports")).toHaveLength(2);
    expect(api.callsTo("GET /api/admin/moderation-log")).toHaveLength(2);
  });

  it("asks the server for the chosen status", async () => {
    const api = operatorApi().on(
      "GET /api/admin/streams?status=interrupted&limit=20",
      page([
        makeStream({ id: "s7", title: "Paused one", status: "interrupted" }),
      ]),
    );
    renderWithApp(<AdminScreen />);
    await screen.findByRole("table");
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Status" }),
      "Interrupted",
    );
    expect(
      await screen.findByRole("row", { name: /Paused one/ }),
    ).toBeVisible();
    expect(
      screen.queryByRole("row", { name: /Morning run/ }),
    ).not.toBeInTheDocument();
    expect(api.callsTo("GET /api/admin/streams").map((c) => c.url)).toEqual([
      "/api/admin/streams?limit=20",
      "/api/admin/streams?status=interrupted&limit=20",
    ]);

    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Status" }),
      "All",
    );
    expect(
      await screen.findByRole("row", { name: /Morning run/ }),
    ).toBeVisible();
    expect(api.callsTo("GET /api/admin/streams").at(-1)?.url).toBe(
      "/api/admin/streams?limit=20",
    );
  });

  it("drops a late answer for a status no longer chosen", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    operatorApi({
      status: 200,
      body: { items: [running], nextCursor: null },
      after: held,
    }).on("GET /api/admin/streams?status=ended&limit=20", page([finished]));
    renderWithApp(<AdminScreen />);
    await userEvent.selectOptions(
      await screen.findByRole("combobox", { name: "Status" }),
      "Ended",
    );
    expect(await screen.findByRole("row", { name: /Old show/ })).toBeVisible();
    await act(async () => release());
    await act(() => held);
    expect(
      screen.queryByRole("row", { name: /Morning run/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("row", { name: /Old show/ })).toBeVisible();
  });

  it("says so when there are no streams, for all or one status", async () => {
    operatorApi(page([])).on(
      "GET /api/admin/streams?status=ended&limit=20",
      page([]),
    );
    renderWithApp(<AdminScreen />);
    expect(await screen.findByText("No streams yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Status" }),
      "Ended",
    );
    expect(await screen.findByText("No ended streams.")).toBeInTheDocument();
  });

  it("appends the next page with Load more", async () => {
    const api = operatorApi(page([running], "c2")).on(
      "GET /api/admin/streams?limit=20&cursor=c2",
      page([finished]),
    );
    renderWithApp(<AdminScreen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Load more" }),
    );
    expect(await screen.findByRole("row", { name: /Old show/ })).toBeVisible();
    const titles = table()
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.querySelector("td")?.textContent);
    expect(titles).toEqual(["Morning run", "Old show"]);
    expect(
      screen.queryByRole("button", { name: "Load more" }),
    ).not.toBeInTheDocument();
    expect(api.callsTo("GET /api/admin/streams")).toHaveLength(2);
  });

  it.each([
    { choice: "Discard the recording", saveRecording: false },
    { choice: "Keep the recording as a reel", saveRecording: true },
  ])(
    "ends a stream after confirmation: $choice",
    async ({ choice, saveRecording }) => {
      const api = operatorApi().on("POST /api/admin/streams/s1/end", {
        status: 200,
        body: {
          stream: {
            ...running,
            status: "ended",
            viewerCount: 0,
            endReason: "ended_by_admin",
          },
          reel: null,
        },
      });
      renderWithApp(<AdminScreen />);
      await userEvent.click(
        await screen.findByRole("button", { name: "End stream “Morning run”" }),
      );
      const dialog = within(
        screen.getByRole("dialog", { name: "End this stream for everyone?" }),
      );
      expect(api.callsTo("POST /api/admin/streams/s1/end")).toHaveLength(0);
      await userEvent.click(dialog.getByRole("radio", { name: choice }));
      await userEvent.click(dialog.getByRole("button", { name: "End stream" }));

      await waitFor(() =>
        expect(screen.queryByRole("dialog")).not.toBeInTheDocument(),
      );
      expect(api.callsTo("POST /api/admin/streams/s1/end")[0]?.body).toEqual({
        saveRecording,
      });
      const row = within(screen.getByRole("row", { name: /Morning run/ }));
      expect(row.getByText("Ended")).toBeInTheDocument();
      expect(row.queryByRole("button")).not.toBeInTheDocument();
      expect(row.getByText("0 / 5")).toBeInTheDocument();
      // the overview follows the end
      await waitFor(() =>
        expect(api.callsTo("GET /api/admin/overview")).toHaveLength(2),
      );
    },
  );

  it("leaves the stream alone when the operator cancels", async () => {
    const api = operatorApi();
    renderWithApp(<AdminScreen />);
    await userEvent.click(
      await screen.findByRole("button", { name: "End stream “Morning run”" }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(api.callsTo("POST /api/admin/streams/s1/end")).toHaveLength(0);
    expect(
      screen.getByRole("button", { name: "End stream “Morning run”" }),
    ).toBeInTheDocument();
  });

  it("explains a failed end and keeps the row open", async () => {
    const dialog = await endMorningRun(apiError(500, "internal"));
    expect(await dialog.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    expect(dialog.getByRole("button", { name: "End stream" })).toBeEnabled();
    await userEvent.click(dialog.getByRole("button", { name: "Cancel" }));
    expect(
      within(screen.getByRole("row", { name: /Morning run/ })).getByText(
        "Live",
      ),
    ).toBeInTheDocument();
  });

  it("marks a stream that had already ended", async () => {
    const dialog = await endMorningRun(apiError(409, "stream_ended"));
    expect(await dialog.findByRole("alert")).toHaveTextContent(
      "This live stream has ended.",
    );
    await userEvent.click(dialog.getByRole("button", { name: "Close" }));
    const row = within(screen.getByRole("row", { name: /Morning run/ }));
    expect(row.getByText("Ended")).toBeInTheDocument();
    expect(row.queryByRole("button")).not.toBeInTheDocument();
  });

  it("tells a non-operator the page is for operators only, asking nothing", async () => {
    const api = mockSignedIn(new ApiMock(), makeUser({ isAdmin: false }));
    renderWithApp(<AdminScreen />);
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith("/api/admin"))).toEqual(
      [],
    );
  });

  it("shows the operators-only message when the server refuses, and stops polling", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = mockSignedIn(new ApiMock(), operator)
      .on("GET /api/admin/overview", apiError(403, "forbidden"))
      .on("GET /api/admin/streams", apiError(403, "forbidden"));
    renderWithApp(<AdminScreen />);
    expect(
      await screen.findByText("Only operators can see this page."),
    ).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("GET /api/admin/overview")).toHaveLength(1);
  });

  it("keeps the last numbers when a refresh fails, and asks to log in when the session expired", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = operatorApi().on(
      "GET /api/admin/overview",
      overview(),
      apiError(500, "internal"),
      apiError(401, "unauthenticated"),
    );
    renderWithApp(<AdminScreen />);
    await screen.findByRole("table");
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not refresh: The server had a problem",
    );
    expect(stat("Live now")).toBe("2");

    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(await screen.findByRole("link", { name: "Log in" })).toHaveAttribute(
      "href",
      "/login?next=%2F",
    );
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(api.callsTo("GET /api/admin/overview")).toHaveLength(3);
  });

  it("offers a retry when the overview cannot load", async () => {
    operatorApi().on(
      "GET /api/admin/overview",
      apiError(500, "internal"),
      overview(),
    );
    renderWithApp(<AdminScreen />);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(
      await screen.findByText("Live now", { selector: "dt" }),
    ).toBeInTheDocument();
    expect(stat("Live now")).toBe("2");
  });
});
