import { render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import FakeUPlot from "../test/uplotMock";
import { TimeChart, alignedData } from "./TimeChart";

vi.mock("uplot", () => import("../test/uplotMock"));

const times = ["2026-11-28T10:00:00.000Z", "2026-11-28T10:01:00.000Z"];
const t0 = Date.parse(times[0]!) / 1000;

describe("alignedData", () => {
  it("gives uPlot seconds and each series' values at them", () => {
    expect(
      alignedData(times, [
        { label: "Viewers", color: "red", values: [3, 5] },
        { label: "Streams", color: "blue", values: [1] },
      ]),
    ).toEqual([
      [t0, t0 + 60],
      [3, 5],
      [1, null],
    ]);
  });

  it("leaves out an unreadable instant with its values", () => {
    expect(
      alignedData(
        ["nonsense", times[1]!],
        [{ label: "Viewers", color: "red", values: [9, 4] }],
      ),
    ).toEqual([[t0 + 60], [4]]);
  });
});

describe("TimeChart", () => {
  beforeEach(() => {
    FakeUPlot.instances = [];
  });

  it("draws the series and reads the same numbers out as a table", async () => {
    render(
      <TimeChart
        label="Viewers over time"
        times={times}
        series={[
          { label: "Viewers", color: "#ff3b5c", values: [3, 1200] },
          { label: "Live streams", color: "#4f8cff", values: [1, 2] },
        ]}
      />,
    );
    const table = screen.getByRole("table", { name: "Viewers over time" });
    expect(table).toHaveClass("visually-hidden");
    const rows = within(table)
      .getAllByRole("row")
      .map((row) =>
        [...row.querySelectorAll("th, td")].map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ["Time", "Viewers", "Live streams"],
      [new Date(times[0]!).toLocaleTimeString(), "3", "1"],
      [new Date(times[1]!).toLocaleTimeString(), "1,200", "2"],
    ]);

    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(1));
    const chart = FakeUPlot.instances[0]!;
    expect(chart.seriesLabels()).toEqual(["Viewers", "Live streams"]);
    expect(chart.data).toEqual([
      [t0, t0 + 60],
      [3, 1200],
      [1, 2],
    ]);
    expect(chart.target).toHaveAttribute("aria-hidden", "true");
  });

  it("draws again only when the numbers change, and cleans up", async () => {
    const series = (values: number[]) => [
      { label: "Viewers", color: "#ff3b5c", values },
    ];
    const { rerender, unmount } = render(
      <TimeChart label="Viewers" times={times} series={series([1, 2])} />,
    );
    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(1));
    rerender(
      <TimeChart label="Viewers" times={times} series={series([1, 2])} />,
    );
    rerender(
      <TimeChart label="Viewers" times={times} series={series([1, 3])} />,
    );
    await waitFor(() => expect(FakeUPlot.instances).toHaveLength(2));
    expect(FakeUPlot.live()).toEqual([FakeUPlot.instances[1]]);
    expect(FakeUPlot.instances[1]!.data).toEqual([
      [t0, t0 + 60],
      [1, 3],
    ]);
    unmount();
    expect(FakeUPlot.live()).toEqual([]);
  });

  it("says there is nothing to show without points, drawing nothing", async () => {
    render(
      <TimeChart
        label="Viewers"
        times={[]}
        series={[{ label: "Viewers", color: "red", values: [] }]}
        emptyText="No viewers yet."
      />,
    );
    expect(screen.getByText("No viewers yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(FakeUPlot.instances).toHaveLength(0);
  });
});
