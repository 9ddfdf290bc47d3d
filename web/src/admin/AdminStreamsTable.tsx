import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import {
  adminEndStream,
  isApiError,
  listAdminStreams,
  type LiveStream,
  type StreamStatus,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { EndStreamDialog } from "../components/EndStreamDialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDateTime } from "../lib/time";
import { statusLabel, streamStatusLabels } from "./labels";

type Filter = StreamStatus | "all";

const filters: readonly Filter[] = [
  "all",
  "live",
  "interrupted",
  "created",
  "ended",
];

interface Props {
  /** Changing it reloads the first page (the dashboard's Refresh). */
  reloadKey?: number;
  /** Called after this table ended a stream, so the overview can follow. */
  onStreamEnded?: () => void;
}

function emptyText(filter: Filter): string {
  return filter === "all"
    ? "No streams yet."
    : `No ${streamStatusLabels[filter].toLowerCase()} streams.`;
}

/** Every stream, newest first: filter by status, page with Load more, end any open stream. */
export function AdminStreamsTable({ reloadKey = 0, onStreamEnded }: Props) {
  const [filter, setFilter] = useState<Filter>("all");
  const [items, setItems] = useState<LiveStream[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [ending, setEnding] = useState<LiveStream | null>(null);
  const [notice, setNotice] = useState("");
  // Answers to an older filter or reload are dropped; each first-page load starts a generation.
  const generation = useRef(0);

  const load = useCallback((status: Filter, from: string | null) => {
    if (from === null) generation.current += 1;
    const mine = generation.current;
    listAdminStreams({
      status: status === "all" ? undefined : status,
      cursor: from,
    })
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((existing) => {
            if (from === null || existing === null) return page.items;
            const known = new Set(existing.map((s) => s.id));
            return [...existing, ...page.items.filter((s) => !known.has(s.id))];
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

  useEffect(() => load(filter, null), [load, filter, reloadKey]);

  function changeFilter(next: Filter) {
    setItems(null);
    setCursor(null);
    setError(null);
    setLoadingMore(false);
    setFilter(next);
  }

  function loadMore() {
    if (cursor === null) return;
    setLoadingMore(true);
    load(filter, cursor);
  }

  function replaceRow(stream: LiveStream) {
    setItems(
      (existing) =>
        existing?.map((s) => (s.id === stream.id ? stream : s)) ?? existing,
    );
  }

  function onEnded(stream: LiveStream) {
    replaceRow(stream);
    setEnding(null);
    setNotice(`Ended “${stream.title}”.`);
    onStreamEnded?.();
  }

  return (
    <section className="admin-streams" aria-labelledby="admin-streams-title">
      <div className="row spread">
        <h2 id="admin-streams-title">Streams</h2>
        <label className="row">
          Status
          <select
            value={filter}
            onChange={(e) => changeFilter(e.target.value as Filter)}
          >
            {filters.map((f) => (
              <option key={f} value={f}>
                {f === "all" ? "All" : streamStatusLabels[f]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {error !== null && items === null ? (
        <ErrorMessage error={error} onRetry={() => load(filter, null)} />
      ) : null}
      {items === null && error === null ? (
        <p className="muted" role="status">
          Loading streams…
        </p>
      ) : null}
      {items !== null && items.length === 0 ? (
        <p className="muted">{emptyText(filter)}</p>
      ) : null}
      {items !== null && items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Author</th>
                <th scope="col">Status</th>
                <th scope="col">Viewers (now / peak)</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((stream) => (
                <StreamRow
                  key={stream.id}
                  stream={stream}
                  onEnd={() => setEnding(stream)}
                />
              ))}
            </tbody>
          </table>
        </div>
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
      {ending !== null ? (
        <AdminEndStreamDialog
          stream={ending}
          onClose={() => setEnding(null)}
          onEnded={onEnded}
          onAlreadyEnded={() => replaceRow({ ...ending, status: "ended" })}
        />
      ) : null}
    </section>
  );
}

function StreamRow({
  stream,
  onEnd,
}: {
  stream: LiveStream;
  onEnd: () => void;
}) {
  const id = encodeURIComponent(stream.id);
  return (
    <tr>
      <td>
        {stream.status === "ended" ? (
          stream.title
        ) : (
          <Link to={`/live/${id}`}>{stream.title}</Link>
        )}
      </td>
      <td>
        <Link to={`/u/${encodeURIComponent(stream.author.handle)}`}>
          @{stream.author.handle}
        </Link>
      </td>
      <td>
        <span className={`pill ${stream.status === "live" ? "live" : ""}`}>
          {statusLabel(stream.status)}
        </span>
      </td>
      <td>
        {stream.viewerCount} / {stream.peakViewers}
      </td>
      <td>
        <time dateTime={stream.createdAt}>
          {formatDateTime(stream.createdAt)}
        </time>
      </td>
      <td>
        <div className="row">
          <Link
            className="button secondary"
            to={`/admin/streams/${id}`}
            aria-label={`Analytics for “${stream.title}”`}
          >
            Analytics
          </Link>
          {stream.status !== "ended" ? (
            <button
              type="button"
              className="danger"
              onClick={onEnd}
              aria-label={`End stream “${stream.title}”`}
            >
              End stream
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function AdminEndStreamDialog({
  stream,
  onClose,
  onEnded,
  onAlreadyEnded,
}: {
  stream: LiveStream;
  onClose: () => void;
  onEnded: (stream: LiveStream) => void;
  onAlreadyEnded: () => void;
}) {
  const [saveRecording, setSaveRecording] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [alreadyEnded, setAlreadyEnded] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const result = await adminEndStream(stream.id, saveRecording);
      onEnded(result.stream);
    } catch (cause) {
      if (isApiError(cause, "stream_ended")) {
        setAlreadyEnded(true);
        onAlreadyEnded();
      }
      setError(friendlyMessage(cause));
      setBusy(false);
    }
  }

  return (
    <EndStreamDialog
      title="End this stream for everyone?"
      choiceName="admin-end-recording"
      saveLabel="Keep the recording as a reel"
      discardLabel="Discard the recording"
      saveRecording={saveRecording}
      onSaveRecordingChange={setSaveRecording}
      error={error}
      busy={busy}
      alreadyEnded={alreadyEnded}
      onConfirm={confirm}
      onClose={onClose}
    >
      <p>
        “{stream.title}” by @{stream.author.handle} ends now, for its viewers
        and its creator.
      </p>
    </EndStreamDialog>
  );
}
