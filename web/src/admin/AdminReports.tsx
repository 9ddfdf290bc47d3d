import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";
import { Link } from "react-router";
import {
  isApiError,
  listAdminReports,
  resolveReport,
  type Report,
  type ReportAction,
  type ReportStatus,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime } from "../lib/time";
import {
  actionLabels,
  actionsFor,
  confirmationFor,
  itemPath,
  itemTypeLabel,
  resolutionLabel,
  resolvedSentence,
} from "./reports";

const tabs: ReadonlyArray<{ status: ReportStatus; label: string }> = [
  { status: "open", label: "Open" },
  { status: "resolved", label: "Resolved" },
];

interface Props {
  /** Changing it reloads the first page (the dashboard's Refresh). */
  reloadKey?: number;
}

/** A destructive resolution waiting for the operator's confirmation. */
interface Pending {
  report: Report;
  action: Exclude<ReportAction, "dismiss">;
}

/**
 * What users reported, oldest first: open and resolved reports in two tabs, paged with Load more.
 * An open report is dismissed, or resolved by removing its item, ending its stream or suspending
 * whoever made it — each of those after a confirmation. A resolved report leaves the open list.
 */
export function AdminReports({ reloadKey = 0 }: Props) {
  const [status, setStatus] = useState<ReportStatus>("open");
  const [items, setItems] = useState<Report[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  /** Reports being resolved now (their buttons wait). */
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const headingId = useId();
  const tabIds = { open: useId(), resolved: useId() };
  const panelId = useId();
  const tabRefs = useRef<Partial<Record<ReportStatus, HTMLButtonElement>>>({});
  const generation = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback((which: ReportStatus, from: string | null) => {
    if (from === null) generation.current += 1;
    const mine = generation.current;
    listAdminReports(which, from)
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((existing) => {
            if (from === null || existing === null) return page.items;
            const known = new Set(existing.map((r) => r.id));
            return [...existing, ...page.items.filter((r) => !known.has(r.id))];
          });
          setCursor(page.nextCursor);
          setError(null);
        },
        (cause: unknown) => {
          if (mine === generation.current) setError(cause);
        },
      )
      .finally(() => {
        if (mine === generation.current) setLoadingMore(false);
      });
  }, []);

  useEffect(() => load(status, null), [load, status, reloadKey]);

  function choose(next: ReportStatus) {
    if (next === status) return;
    setItems(null);
    setCursor(null);
    setError(null);
    setLoadingMore(false);
    setNotice("");
    setActionError(null);
    setStatus(next);
  }

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const index = tabs.findIndex((t) => t.status === status);
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft")
      next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    const target = tabs[next]!.status;
    choose(target);
    tabRefs.current[target]?.focus();
  }

  function refresh() {
    setError(null);
    setLoadingMore(false);
    load(status, null);
  }

  function loadMore() {
    if (cursor === null || loadingMore) return;
    setLoadingMore(true);
    load(status, cursor);
  }

  function drop(report: Report) {
    setItems((existing) => existing?.filter((r) => r.id !== report.id) ?? null);
  }

  async function resolve(report: Report, action: ReportAction) {
    setBusy((current) => new Set(current).add(report.id));
    setNotice("");
    setActionError(null);
    setDialogError(null);
    try {
      await resolveReport(report.id, action);
      if (!alive.current) return;
      drop(report);
      setPending(null);
      setNotice(resolvedSentence(action, report.itemType));
    } catch (cause) {
      if (!alive.current) return;
      if (isApiError(cause, "conflict")) {
        // Another operator was quicker: it is no longer open.
        drop(report);
        setPending(null);
        setNotice("Someone resolved this report already.");
      } else if (action !== "dismiss") {
        setDialogError(friendlyMessage(cause));
      } else {
        setActionError(friendlyMessage(cause));
      }
    } finally {
      if (alive.current)
        setBusy((current) => {
          const next = new Set(current);
          next.delete(report.id);
          return next;
        });
    }
  }

  function act(report: Report, action: ReportAction) {
    if (action === "dismiss") {
      void resolve(report, action);
      return;
    }
    setDialogError(null);
    setPending({ report, action });
  }

  const emptyText =
    status === "open" ? "No open reports." : "No resolved reports yet.";
  const confirmation =
    pending !== null
      ? confirmationFor(pending.action, pending.report.itemType)
      : null;

  return (
    <section className="panel admin-reports" aria-labelledby={headingId}>
      <div className="row spread">
        <h2 id={headingId}>Reports</h2>
        <button
          type="button"
          className="secondary"
          aria-label="Refresh the reports"
          onClick={refresh}
        >
          Refresh
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Reports by status">
        {tabs.map((tab) => (
          <button
            key={tab.status}
            ref={(element) => {
              if (element !== null) tabRefs.current[tab.status] = element;
            }}
            id={tabIds[tab.status]}
            type="button"
            role="tab"
            aria-selected={status === tab.status}
            aria-controls={panelId}
            tabIndex={status === tab.status ? 0 : -1}
            onClick={() => choose(tab.status)}
            onKeyDown={onTabKeyDown}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={tabIds[status]}>
        {error !== null && items === null ? (
          <ErrorMessage error={error} onRetry={refresh} />
        ) : null}
        {items === null && error === null ? (
          <p className="muted">Loading reports…</p>
        ) : null}
        {items !== null && items.length === 0 ? (
          <p className="muted">{emptyText}</p>
        ) : null}
        {items !== null && items.length > 0 ? (
          <ul
            className="report-list"
            aria-label={status === "open" ? "Open reports" : "Resolved reports"}
          >
            {items.map((report) => (
              <ReportEntry
                key={report.id}
                report={report}
                busy={busy.has(report.id)}
                onAction={(action) => act(report, action)}
              />
            ))}
          </ul>
        ) : null}
        {error !== null && items !== null ? (
          <p className="error-text" role="alert">
            {friendlyMessage(error)}
          </p>
        ) : null}
        {items !== null && cursor !== null ? (
          <button
            type="button"
            className="secondary"
            onClick={loadMore}
            disabled={loadingMore}
          >
            {loadingMore ? "Loading…" : "Load more"}
          </button>
        ) : null}
      </div>
      <p className="hint" role="status">
        {notice}
      </p>
      {actionError !== null ? (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      {pending !== null && confirmation !== null ? (
        <Dialog
          title={confirmation.title}
          onClose={() => !busy.has(pending.report.id) && setPending(null)}
        >
          <p>{confirmation.body}</p>
          <p className="hint">
            {itemTypeLabel(pending.report.itemType)} {pending.report.itemId} ·
            reported by @{pending.report.reporter.handle}: “
            {pending.report.reason}”
          </p>
          {dialogError !== null ? (
            <p className="error-text" role="alert">
              {dialogError}
            </p>
          ) : null}
          <div className="row dialog-actions">
            <button
              type="button"
              className="danger"
              disabled={busy.has(pending.report.id)}
              onClick={() => void resolve(pending.report, pending.action)}
            >
              {busy.has(pending.report.id) ? "Working…" : confirmation.confirm}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy.has(pending.report.id)}
              onClick={() => setPending(null)}
            >
              Cancel
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

function ReportEntry({
  report,
  busy,
  onAction,
}: {
  report: Report;
  busy: boolean;
  onAction: (action: ReportAction) => void;
}) {
  const itemId = useId();
  const path = itemPath(report);
  const what = `${itemTypeLabel(report.itemType)} ${report.itemId}`;
  return (
    <li className="report">
      <p className="report-item" id={itemId}>
        {path !== null ? (
          <Link to={path}>{what}</Link>
        ) : report.itemType === "chat_message" ? (
          `Chat message #${report.itemId}`
        ) : (
          what
        )}
      </p>
      <p className="report-reason">“{report.reason}”</p>
      <p className="hint">
        Reported by{" "}
        <Link to={`/u/${encodeURIComponent(report.reporter.handle)}`}>
          @{report.reporter.handle}
        </Link>{" "}
        ·{" "}
        <time dateTime={report.createdAt}>
          {formatDateTime(report.createdAt)}
        </time>
      </p>
      {report.status === "resolved" ? (
        <p className="hint">
          Resolved
          {report.resolvedBy !== null ? ` by @${report.resolvedBy.handle}` : ""}
          {report.resolvedAt !== null ? (
            <>
              {" · "}
              <time dateTime={report.resolvedAt}>
                {formatDateTime(report.resolvedAt)}
              </time>
            </>
          ) : null}
          {" · "}
          {resolutionLabel(report.resolution, report.itemType)}
        </p>
      ) : (
        <div className="row report-actions">
          {actionsFor(report.itemType).map((action) => (
            <button
              key={action}
              type="button"
              className="secondary"
              disabled={busy}
              aria-describedby={itemId}
              onClick={() => onAction(action)}
            >
              {actionLabels[action]}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
