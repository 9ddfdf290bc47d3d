import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, makeStream, mockSignedIn } from "../test/apiMock";
import { FakeWebSocket } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { LiveNowRow } from "./LiveNowRow";

const page = (items: unknown[]) => ({
  status: 200,
  body: { items, nextCursor: null },
});

describe("LiveNowRow", () => {
  it("lists followed creators who are live, linking to each stream", async () => {
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([
        makeStream({ id: "s1", title: "Run" }),
        makeStream({
          id: "s2",
          title: "Cook",
          gating: "paid",
          priceCredits: 30,
        }),
      ]),
    );
    renderWithApp(
      <LiveNowRow scope="following" title="Live now" emptyText="Nobody" />,
    );
    expect(await screen.findByRole("link", { name: /Run/ })).toHaveAttribute(
      "href",
      "/live/s1",
    );
    expect(screen.getByRole("link", { name: /Cook/ })).toHaveTextContent(
      "30 credits",
    );
    expect(api.callsTo("GET /api/live-streams")[0]?.url).toBe(
      "/api/live-streams?scope=following&limit=20",
    );
  });

  it("says so when nobody is live", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/live-streams", page([]));
    renderWithApp(
      <LiveNowRow
        scope="all"
        title="All live"
        emptyText="No live streams right now."
      />,
    );
    expect(
      await screen.findByText("No live streams right now."),
    ).toBeInTheDocument();
  });

  it("refreshes on /ws stream events and periodically", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      page([]),
      page([makeStream({ id: "s9", title: "New one" })]),
      page([makeStream({ id: "s9", title: "New one", viewerCount: 2 })]),
    );
    renderWithApp(
      <LiveNowRow
        scope="following"
        title="Live now"
        emptyText="Nobody"
        refreshMs={10_000}
      />,
    );
    await screen.findByText("Nobody");
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.latest();
    act(() => ws.serverOpen());
    act(() =>
      ws.serverJson({
        type: "stream",
        stream: makeStream({ id: "s9", status: "live" }),
      }),
    );
    expect(await screen.findByText("New one")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(2);

    // a listed stream's update is applied in place without a request
    act(() =>
      ws.serverJson({
        type: "stream",
        stream: makeStream({ id: "s9", title: "Renamed", viewerCount: 5 }),
      }),
    );
    expect(screen.getByText("Renamed")).toBeInTheDocument();
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(2);

    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(api.callsTo("GET /api/live-streams")).toHaveLength(3);
  });

  it("shows an error with retry when the list cannot load", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/live-streams",
      apiError(500, "internal"),
      page([]),
    );
    renderWithApp(
      <LiveNowRow scope="all" title="All live" emptyText="Empty" />,
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server had a problem",
    );
    act(() => screen.getByRole("button", { name: "Retry" }).click());
    expect(await screen.findByText("Empty")).toBeInTheDocument();
  });
});
