import { useCallback, useEffect, useState } from "react";
import { getInstanceViewers, type InstanceViewersPoint } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { TimeChart } from "../components/TimeChart";

/** How often the chart asks for the last hour again. */
export const viewersRefreshMs = 30_000;

/** The whole instance's audience over the last hour: distinct viewers and streams live. */
export function InstanceViewers() {
  const [points, setPoints] = useState<InstanceViewersPoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    getInstanceViewers(60).then(
      (answer) => {
        setPoints(answer.points);
        setError(null);
      },
      (cause: unknown) => setError(cause),
    );
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, viewersRefreshMs);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <section className="panel" aria-labelledby="admin-viewers">
      <h2 id="admin-viewers">Viewers over time</h2>
      <p className="hint">The last hour, one point a minute.</p>
      {error !== null ? (
        <p className="error-text" role="alert">
          Could not load the viewers: {friendlyMessage(error)}
        </p>
      ) : null}
      {points === null && error === null ? (
        <p className="muted">Loading…</p>
      ) : null}
      {points !== null ? (
        <TimeChart
          label="Viewers over the last hour"
          times={points.map((point) => point.at)}
          series={[
            {
              label: "Viewers",
              color: "#ff3b5c",
              values: points.map((point) => point.viewers),
            },
            {
              label: "Live streams",
              color: "#4f8cff",
              values: points.map((point) => point.liveStreams),
            },
          ]}
          emptyText="No one has watched in the last hour."
        />
      ) : null}
    </section>
  );
}
