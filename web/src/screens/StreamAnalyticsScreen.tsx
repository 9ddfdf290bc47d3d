import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import {
  getLiveStream,
  getStreamAnalytics,
  getStreamInsights,
  isApiError,
  type LiveStream,
  type StreamAnalytics,
  type StreamInsights,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import {
  clientEventLabel,
  endReasonLabel,
  recordingLabel,
  statusLabel,
  timelineLabel,
} from "../admin/labels";
import { useAuth } from "../app/AuthContext";
import { Avatar } from "../components/Avatar";
import { ErrorMessage } from "../components/ErrorMessage";
import { Stat } from "../components/Stat";
import { StreamTotals } from "../components/StreamTotals";
import { TimeChart, type ChartSeries } from "../components/TimeChart";
import { formatDateTime, formatSpan } from "../lib/time";

interface Report {
  stream: LiveStream;
  insights: StreamInsights;
  /** What only operators see (sessions, purchases, the status history); null for the creator. */
  operations: StreamAnalytics | null;
}

const colors = { viewers: "#ff3b5c", chat: "#4f8cff", reactions: "#3dd68c" };

/**
 * `/live/:id/analytics` (the creator) and `/admin/streams/:id` (operators): one stream's totals,
 * its audience and engagement over time, client problems, and for operators its history.
 */
export function StreamAnalyticsScreen() {
  const { id = "" } = useParams();
  const { user } = useAuth();
  const operator = user?.isAdmin === true;
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const [generation, setGeneration] = useState(0);
  const load = () => setGeneration((g) => g + 1);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      getLiveStream(id),
      getStreamInsights(id),
      operator ? getStreamAnalytics(id) : null,
    ]).then(
      ([{ stream }, insights, admin]) => {
        if (cancelled) return;
        setReport({ stream, insights, operations: admin?.analytics ?? null });
        setError(null);
      },
      (cause: unknown) => {
        if (!cancelled) setError(cause);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, operator, generation]);

  if (isApiError(error, "not_stream_owner") || isApiError(error, "forbidden"))
    return (
      <section className="panel narrow">
        <h1>Not your stream</h1>
        <p>
          Only the creator of this stream and operators can see its numbers.
        </p>
        <Link className="button secondary" to="/">
          Back to reels
        </Link>
      </section>
    );
  if (isApiError(error, "not_found"))
    return (
      <section className="panel narrow">
        <h1>Stream not found</h1>
        <p>This stream does not exist.</p>
        <Link className="button secondary" to={operator ? "/admin" : "/"}>
          {operator ? "Back to the dashboard" : "Back to reels"}
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

  const { stream, insights, operations } = report;
  return (
    <section className="screen stream-analytics">
      <p>
        {operator ? (
          <Link to="/admin">← Operators’ dashboard</Link>
        ) : (
          <Link to={`/u/${encodeURIComponent(stream.author.handle)}`}>
            ← Your profile
          </Link>
        )}
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
      <section aria-labelledby="analytics-totals">
        <h2 id="analytics-totals">Totals</h2>
        <StreamTotals insights={insights} />
      </section>
      <Charts insights={insights} />
      <Reach insights={insights} operations={operations} />
      <ClientEvents counts={insights.errors} />
      {operations !== null ? <Timeline entries={operations.timeline} /> : null}
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
      <dd className="row">
        <Avatar user={stream.author} />
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

/** One chart with its heading, as a section named by the heading. */
function ChartSection({
  id,
  title,
  label,
  times,
  series,
}: {
  id: string;
  title: string;
  /** The chart's own name (its data table's caption). */
  label: string;
  times: string[];
  series: ChartSeries[];
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <TimeChart
        label={label}
        times={times}
        series={series}
        emptyText="The stream has not been live yet."
      />
    </section>
  );
}

function Charts({ insights: i }: { insights: StreamInsights }) {
  // The chat and reaction timelines share the viewer timeline's instants.
  const times = i.viewerTimeline.map((point) => point.at);
  return (
    <>
      <ChartSection
        id="analytics-viewers"
        title="Viewers over time"
        label="Viewers over time"
        times={times}
        series={[
          {
            label: "Viewers",
            color: colors.viewers,
            values: i.viewerTimeline.map((point) => point.viewers),
          },
        ]}
      />
      <ChartSection
        id="analytics-engagement"
        title="Chat and reactions over time"
        label="Chat messages and reactions over time"
        times={times}
        series={[
          {
            label: "Chat messages",
            color: colors.chat,
            values: i.chatTimeline.map((point) => point.count),
          },
          {
            label: "Reactions",
            color: colors.reactions,
            values: i.reactionTimeline.map((point) => point.count),
          },
        ]}
      />
    </>
  );
}

function Reach({
  insights: i,
  operations: o,
}: {
  insights: StreamInsights;
  operations: StreamAnalytics | null;
}) {
  return (
    <section aria-labelledby="analytics-reach">
      <h2 id="analytics-reach">Audience and reach</h2>
      <dl className="stat-cards">
        <Stat label="Average watch time" value={formatSpan(i.averageWatchMs)} />
        <Stat label="Notifications sent" value={i.notifications.sent} />
        <Stat label="Emails sent" value={i.notifications.emailed} />
        <Stat label="Notifications opened" value={i.notifications.opened} />
        {o !== null ? (
          <>
            <Stat label="Watching now" value={o.currentViewers} />
            <Stat label="Watch sessions" value={o.watchSessions} />
            <Stat label="Purchases" value={o.purchases} />
            <Stat label="Followers notified" value={o.followersNotified} />
          </>
        ) : null}
      </dl>
    </section>
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
