import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import {
  getStreamAnalytics,
  isApiError,
  type LiveStream,
  type StreamAnalytics,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import {
  clientEventLabel,
  endReasonLabel,
  recordingLabel,
  statusLabel,
  timelineLabel,
} from "../admin/labels";
import { ErrorMessage } from "../components/ErrorMessage";
import { OperatorsOnly } from "../components/OperatorsOnly";
import { RequireAdmin } from "../components/RequireAdmin";
import { formatDateTime, formatSpan } from "../lib/time";

interface Report {
  stream: LiveStream;
  analytics: StreamAnalytics;
}

/** `/admin/streams/:id`: one stream's audience, money, client problems and history, for operators. */
export function StreamAnalyticsScreen() {
  return (
    <RequireAdmin>
      <StreamAnalyticsReport />
    </RequireAdmin>
  );
}

function StreamAnalyticsReport() {
  const { id = "" } = useParams();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    getStreamAnalytics(id).then((next) => {
      setReport(next);
      setError(null);
    }, setError);
  }, [id]);
  useEffect(load, [load]);

  if (isApiError(error, "forbidden")) return <OperatorsOnly />;
  if (isApiError(error, "not_found"))
    return (
      <section className="panel narrow">
        <h1>Stream not found</h1>
        <p>This stream does not exist.</p>
        <Link className="button secondary" to="/admin">
          Back to the dashboard
        </Link>
      </section>
    );
  if (error !== null && report === null)
    return <ErrorMessage error={error} onRetry={load} />;
  if (report === null)
    return (
      <p className="muted" role="status">
        Loading analytics…
      </p>
    );

  const { stream, analytics } = report;
  return (
    <section className="screen stream-analytics">
      <p>
        <Link to="/admin">← Operators’ dashboard</Link>
      </p>
      <div className="row spread">
        <h1>{stream.title}</h1>
        <button type="button" className="secondary" onClick={load}>
          Refresh
        </button>
      </div>
      {error !== null ? (
        <p className="error-text" role="alert">
          Could not refresh: {friendlyMessage(error)}
        </p>
      ) : null}
      <StreamFacts stream={stream} />
      <Numbers analytics={analytics} />
      <ClientEvents counts={analytics.clientEvents} />
      <Timeline entries={analytics.timeline} />
    </section>
  );
}

function when(iso: string | null) {
  if (iso === null) return "—";
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

function StreamFacts({ stream }: { stream: LiveStream }) {
  const id = encodeURIComponent(stream.id);
  return (
    <dl className="facts">
      <dt>Author</dt>
      <dd>
        <Link to={`/u/${encodeURIComponent(stream.author.handle)}`}>
          @{stream.author.handle}
        </Link>{" "}
        ({stream.author.displayName})
      </dd>
      <dt>Status</dt>
      <dd>
        <span className={`pill ${stream.status === "live" ? "live" : ""}`}>
          {statusLabel(stream.status)}
        </span>
        {stream.status !== "ended" ? (
          <>
            {" "}
            <Link to={`/live/${id}`}>Watch</Link>
          </>
        ) : null}
      </dd>
      <dt>Created</dt>
      <dd>{when(stream.createdAt)}</dd>
      <dt>Started</dt>
      <dd>{when(stream.startedAt)}</dd>
      <dt>Ended</dt>
      <dd>
        {when(stream.endedAt)}
        {stream.endReason !== null
          ? ` · ${endReasonLabel(stream.endReason)}`
          : null}
      </dd>
      <dt>Recording</dt>
      <dd>
        {recordingLabel(stream.recording)}
        {stream.reelId !== null ? (
          <>
            {" "}
            <Link to={`/reels/${encodeURIComponent(stream.reelId)}`}>
              Watch the reel
            </Link>
          </>
        ) : null}
      </dd>
    </dl>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{typeof value === "number" ? value.toLocaleString() : value}</dd>
    </div>
  );
}

function Numbers({ analytics: a }: { analytics: StreamAnalytics }) {
  return (
    <>
      <section aria-labelledby="analytics-audience">
        <h2 id="analytics-audience">Audience</h2>
        <dl className="stat-cards">
          <Stat label="Watching now" value={a.currentViewers} />
          <Stat label="Peak viewers" value={a.peakViewers} />
          <Stat label="Unique viewers" value={a.uniqueViewers} />
          <Stat label="Watch sessions" value={a.watchSessions} />
          <Stat label="Total watch time" value={formatSpan(a.totalWatchMs)} />
          <Stat
            label="Average watch time"
            value={formatSpan(a.averageWatchMs)}
          />
          <Stat label="Duration" value={formatSpan(a.durationMs)} />
        </dl>
      </section>
      <section aria-labelledby="analytics-money">
        <h2 id="analytics-money">Money and reach</h2>
        <dl className="stat-cards">
          <Stat label="Purchases" value={a.purchases} />
          <Stat
            label="Revenue"
            value={`${a.revenueCredits.toLocaleString()} credits`}
          />
          <Stat label="Followers notified" value={a.followersNotified} />
        </dl>
      </section>
    </>
  );
}

function ClientEvents({ counts }: { counts: Record<string, number> }) {
  const rows = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return (
    <section aria-labelledby="analytics-client-events">
      <h2 id="analytics-client-events">Client events</h2>
      {rows.length === 0 ? (
        <p className="muted">No client events reported.</p>
      ) : (
        <table className="data-table" aria-labelledby="analytics-client-events">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([kind, count]) => (
              <tr key={kind}>
                <th scope="row">{clientEventLabel(kind)}</th>
                <td>{count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Timeline({ entries }: { entries: StreamAnalytics["timeline"] }) {
  return (
    <section aria-labelledby="analytics-timeline">
      <h2 id="analytics-timeline">Timeline</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" aria-labelledby="analytics-timeline">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{" "}
              <span>
                {timelineLabel(entry.kind)}
                {entry.detail !== ""
                  ? ` — ${entry.kind === "ended" ? endReasonLabel(entry.detail) : entry.detail}`
                  : ""}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
