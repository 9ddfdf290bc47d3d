/**
 * A stand-in for the `uplot` module, which jsdom cannot run (no canvas, no matchMedia). Use with
 * `vi.mock("uplot", () => import("../test/uplotMock"))`; each chart is recorded.
 */
export default class FakeUPlot {
  static instances: FakeUPlot[] = [];

  readonly opts: Record<string, unknown>;
  readonly data: unknown[];
  readonly target: HTMLElement | undefined;
  destroyed = false;
  size: { width: number; height: number } | null = null;

  constructor(
    opts: Record<string, unknown>,
    data: unknown[],
    target?: HTMLElement,
  ) {
    this.opts = opts;
    this.data = data;
    this.target = target;
    FakeUPlot.instances.push(this);
  }

  /** The charts drawn and not destroyed. */
  static live(): FakeUPlot[] {
    return FakeUPlot.instances.filter((chart) => !chart.destroyed);
  }

  /** The series labels of a chart (uPlot's first series is the x axis). */
  seriesLabels(): unknown[] {
    const series = this.opts.series as Array<{ label?: unknown }>;
    return series.slice(1).map((s) => s.label);
  }

  setSize(size: { width: number; height: number }): void {
    this.size = size;
  }

  destroy(): void {
    this.destroyed = true;
  }
}
