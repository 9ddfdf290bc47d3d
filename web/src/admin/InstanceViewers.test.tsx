import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import FakeUPlot from "../test/uplotMock";
import { InstanceViewers, viewersRefreshMs } from "./InstanceViewers";

vi.mock("uplot", () => import("../test/uplotMock"));

const operator = makeUser({ isAdmin: true });

function points(...viewers: number[]) {
  return {
    status: 200,
    body: {
      points: viewers.map((n, i) => ({
        at: new Date(Date.UTC(2026, 10, 28, 10, i)).toISOString(),
        viewers: n,
        liveStreams: 1,
      })),
    },
  };
}

describe("InstanceViewers", () => {
  beforeEach(() => {
    FakeUPlot.instances = [];
  });

  it("charts the last hour's viewers and live streams, with the numbers in a table", async () => {
    const api = mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/viewers",
      points(4, 9),
    );
    renderWithApp(<InstanceViewers />);
    const table = await screen.findByRole("table", {
      name: "Viewers over the last hour",
    });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Time", "Viewers", "Live streams"]);
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(1));
    expect(FakeUPlot.instances[0]!.data.slice(1)).toEqual([
      [4, 9],
      [1, 1],
    ]);
    expect(api.callsTo("GET /api/admin/viewers")[0]?.url).toBe(
      "/api/admin/viewers?minutes=60",
    );
  });

  it("asks again every 30 seconds and draws the new numbers", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/viewers",
      points(4),
      points(4, 6),
    );
    renderWithApp(<InstanceViewers />);
    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(1));
    await act(() => vi.advanceTimersByTimeAsync(viewersRefreshMs));
    await waitFor(() => expect(FakeUPlot.live()).toHaveLength(1));
    await waitFor(() => expect(FakeUPlot.live()[0]!.data[1]).toEqual([4, 6]));
    expect(api.callsTo("GET /api/admin/viewers")).toHaveLength(2);
  });

  it("says when nobody watched, and when the numbers cannot be read", async () => {
    mockSignedIn(new ApiMock(), operator).on(
      "GET /api/admin/viewers",
      points(),
      apiError(500, "internal"),
    );
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderWithApp(<InstanceViewers />);
    expect(
      await screen.findByText("No one has watched in the last hour."),
    ).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(viewersRefreshMs));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not load the viewers: The server had a problem",
    );
  });
});
