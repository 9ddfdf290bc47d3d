import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import {
  getAdminOverview,
  isApiError,
  type AdminOverview,
  type LiveStream,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { AdminReports } from "../admin/AdminReports";
import { AdminStreamsTable } from "../admin/AdminStreamsTable";
import { AdminSuspensions } from "../admin/AdminSuspensions";
import { InstanceViewers } from "../admin/InstanceViewers";
import { mediaBackendLabel, statusLabel } from "../admin/labels";
import { ErrorMessage } from "../components/ErrorMessage";
import { EyeIcon } from "../components/Icons";
import { OperatorsOnly } from "../components/OperatorsOnly";
import { RequireAdmin } from "../components/RequireAdmin";
import { Stat } from "../components/Stat";
import { ModerationLogSection } from "../moderation/ModerationLogSection";

/** How often the overview cards refresh themselves. */
export const overviewRefreshMs = 10_000;

/**
 * `/admin`: the operators' dashboard — the service at a glance, reports to settle, suspensions,
 * every stream and the whole site's moderation log. Everyone else is told it is for operators only.
 */
export function AdminScreen() {
  return (
    <RequireAdmin>
      <AdminDashboard />
    </RequireAdmin>
  );
}

function AdminDashboard() {
  const [overview, setOverview] = useState<AdminOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const pending = useRef(false);

  const loadOverview = useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    getAdminOverview()
      .then(
        (next) => {
          setOverview(next);
          setError(null);
          setUpdatedAt(Date.now());
        },
        (cause: unknown) => setError(cause),
      )
      .finally(() => {
        pending.current = false;
      });
  }, []);

  // Polling stops once the server says this session may not see the page or has expired.
  const refused =
    isApiError(error, "forbidden") || isApiError(error, "unauthenticated");
  useEffect(() => {
    if (refused) return;
    loadOverview();
    const timer = setInterval(loadOverview, overviewRefreshMs);
    return () => clearInterval(timer);
  }, [loadOverview, refused]);

  function refresh() {
    loadOverview();
    setReloadKey((k) => k + 1);
  }

  if (isApiError(error, "forbidden")) return <OperatorsOnly />;

  return (
    <section className="screen admin">
      <div className="row spread">
        <h1>Operators’ dashboard</h1>
        <div className="row">
          {updatedAt !== null ? (
            <span className="muted">
              Updated {new Date(updatedAt).toLocaleTimeString()}
            </span>
          ) : null}
          <button type="button" className="secondary" onClick={refresh}>
            Refresh
          </button>
        </div>
      </div>
      {error !== null && (overview === null || refused) ? (
        <ErrorMessage error={error} onRetry={refresh} />
      ) : null}
      {error !== null && overview !== null && !refused ? (
        <p className="error-text" role="alert">
          Could not refresh: {friendlyMessage(error)}
        </p>
      ) : null}
      {overview === null && error === null ? (
        <p className="muted" role="status">
          Loading overview…
        </p>
      ) : null}
      {overview !== null ? <OverviewCards overview={overview} /> : null}
      {!refused ? <InstanceViewers /> : null}
      {overview !== null ? <TopLive streams={overview.topLive} /> : null}
      {!refused ? (
        <>
          <AdminReports reloadKey={reloadKey} />
          <AdminSuspensions />
          <AdminStreamsTable
            reloadKey={reloadKey}
            onStreamEnded={loadOverview}
          />
          <ModerationLogSection channel={null} reloadKey={reloadKey} />
        </>
      ) : null}
    </section>
  );
}

function OverviewCards({ overview }: { overview: AdminOverview }) {
  const { streams, last24h, notifications } = overview;
  return (
    <section aria-labelledby="admin-overview">
      <h2 id="admin-overview" className="visually-hidden">
        Overview
      </h2>
      <dl className="stat-cards">
        <Stat label="Live now" value={streams.live} />
        <Stat
          label="Interrupted"
          value={streams.interrupted}
          warn={streams.interrupted > 0}
        />
        <Stat label="Streams started (24 h)" value={last24h.streamsStarted} />
        <Stat label="Watch sessions (24 h)" value={last24h.watchSessions} />
        <Stat label="Unique viewers (24 h)" value={last24h.uniqueViewers} />
        <Stat
          label="Revenue (24 h)"
          value={`${last24h.revenueCredits.toLocaleString()} credits`}
          note={`${last24h.purchases.toLocaleString()} ${last24h.purchases === 1 ? "purchase" : "purchases"}`}
        />
        <Stat label="Event sockets" value={overview.eventSockets} />
        <Stat label="Emails pending" value={notifications.emailPending} />
        <Stat
          label="Emails failed"
          value={notifications.emailFailed}
          warn={notifications.emailFailed > 0}
        />
        <Stat
          label="Fan-out jobs pending"
          value={notifications.fanoutJobsPending}
        />
        <Stat
          label="Media backend"
          value={mediaBackendLabel(overview.mediaBackend)}
        />
        <Stat
          label="Users"
          value={overview.users}
          note={`${overview.reels.toLocaleString()} reels`}
        />
      </dl>
    </section>
  );
}

function TopLive({ streams }: { streams: LiveStream[] }) {
  return (
    <section className="panel" aria-labelledby="admin-top-live">
      <h2 id="admin-top-live">Live now</h2>
      <p className="hint">Most viewers first.</p>
      {streams.length === 0 ? (
        <p className="muted">Nobody is live right now.</p>
      ) : (
        <ol className="top-live">
          {streams.map((stream) => {
            const id = encodeURIComponent(stream.id);
            return (
              <li key={stream.id}>
                <Link to={`/live/${id}`}>{stream.title}</Link>
                <span className="muted">
                  {" "}
                  @{stream.author.handle} ·{" "}
                  {stream.status === "live"
                    ? ""
                    : `${statusLabel(stream.status)} · `}
                  <EyeIcon /> {stream.viewerCount} watching
                </span>
                <Link
                  to={`/admin/streams/${id}`}
                  aria-label={`Analytics for “${stream.title}”`}
                >
                  Analytics
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
