import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  /** A CSS colour the canvas understands (no custom properties). */
  color: string;
  /** One value per instant of the chart's `times`. */
  values: number[];
}

interface Props {
  /** Names the chart for assistive tech and captions its data table. */
  label: string;
  /** ISO instants, oldest first. */
  times: string[];
  series: ChartSeries[];
  height?: number;
  emptyText?: string;
}

const axisColor = "#9aa3b2";
const gridColor = "#252a35";
// Counts are whole numbers: no tick at 0.5 viewers.
const wholeSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4];

/**
 * uPlot's aligned data: the instants in seconds since the epoch, then each series' values at
 * them. An unreadable instant is left out with its values.
 */
export function alignedData(
  times: string[],
  series: ChartSeries[],
): uPlot.AlignedData {
  const kept = times
    .map((at, index) => ({ seconds: Date.parse(at) / 1000, index }))
    .filter(({ seconds }) => Number.isFinite(seconds));
  return [
    kept.map(({ seconds }) => seconds),
    ...series.map((line) =>
      kept.map(({ index }) => line.values[index] ?? null),
    ),
  ];
}

let uPlotClass: Promise<typeof uPlot> | null = null;

/** uPlot is loaded once, with the first chart: screens without charts never load it. */
function loadUPlot(): Promise<typeof uPlot> {
  uPlotClass ??= import("uplot").then((module) => module.default);
  return uPlotClass;
}

interface ChartSpec {
  data: uPlot.AlignedData;
  lines: Array<Pick<ChartSeries, "label" | "color">>;
  height: number;
}

function chartOptions(spec: ChartSpec, width: number): uPlot.Options {
  const axis = { stroke: axisColor, grid: { stroke: gridColor } };
  return {
    width,
    height: spec.height,
    scales: {
      x: { time: true },
      y: { range: (_chart, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [axis, { ...axis, incrs: wholeSteps }],
    series: [
      {},
      ...spec.lines.map(({ label, color }) => ({
        label,
        stroke: color,
        width: 2,
      })),
    ],
  };
}

/**
 * A line chart over time, drawn by uPlot. The canvas is hidden from
 * assistive tech; the same numbers are in a visually hidden table.
 */
export function TimeChart({
  label,
  times,
  series,
  height = 220,
  emptyText = "No data yet.",
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  // The chart is drawn again only when what it shows changes, not on every render.
  const spec = JSON.stringify({
    data: alignedData(times, series),
    lines: series.map(({ label: name, color }) => ({ label: name, color })),
    height,
  } satisfies ChartSpec);

  useEffect(() => {
    const target = box.current;
    if (target === null) return undefined;
    const parsed = JSON.parse(spec) as ChartSpec;
    let chart: uPlot | null = null;
    let cancelled = false;
    const resize = () =>
      chart?.setSize({ width: target.clientWidth, height: parsed.height });
    void loadUPlot().then((UPlot) => {
      if (cancelled) return;
      chart = new UPlot(
        chartOptions(parsed, target.clientWidth),
        parsed.data,
        target,
      );
      window.addEventListener("resize", resize);
    });
    return () => {
      cancelled = true;
      window.removeEventListener("resize", resize);
      chart?.destroy();
    };
  }, [spec]);

  if (times.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <figure className="time-chart">
      <div ref={box} className="time-chart-canvas" aria-hidden="true" />
      <table className="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((line) => (
              <th scope="col" key={line.label}>
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((at, index) => (
            <tr key={`${at}-${index}`}>
              <th scope="row">
                <time dateTime={at}>{new Date(at).toLocaleTimeString()}</time>
              </th>
              {series.map((line) => (
                <td key={line.label}>
                  {(line.values[index] ?? 0).toLocaleString()}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
