import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import {
  getScheduledLive,
  scheduleCalendarUrl,
  updateScheduledLive,
  type ScheduledLive,
  type ScheduledStatus,
  type ServerEvent,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import {
  useEventSocketState,
  useServerEvents,
  useWatchLive,
} from "../app/EventSocketContext";
import { Avatar } from "../components/Avatar";
import { ErrorMessage } from "../components/ErrorMessage";
import { ShareButton } from "../components/ShareButton";
import { defaultTitleFor } from "../live/streamForm";
import { countOf } from "../lib/plural";
import { CancelScheduledLive } from "./CancelScheduledLive";
import { Countdown } from "./Countdown";
import { formatStartsAt, statusLabel } from "./countdown";
import { GoLiveNow } from "./GoLiveNow";
import { RemindMeButton } from "./RemindMeButton";
import { ScheduleForm } from "./ScheduleForm";
import { formValuesOf, toScheduleUpdate } from "./scheduleForm";
import type { ScheduledState } from "./ScheduleLiveScreen";

/** The `/ws` push about a scheduled live (API-NOTES "Scheduled lives"). */
type ScheduledPush = Extract<ServerEvent, { type: "scheduled" }>;

function isScheduledPush(event: ServerEvent): event is ScheduledPush {
  return (
    event.type === "scheduled" &&
    typeof event.scheduledId === "string" &&
    typeof event.status === "string"
  );
}

/** An entry not started an hour after its time becomes missed; the page asks then. */
const missedAfterMs = 60 * 60_000;

/** "1 person will be reminded", "No one asked to be reminded yet". */
export function remindersText(count: number): string {
  if (count === 0) return "No one asked to be reminded yet.";
  return `${countOf(count, "person", "people")} will be reminded.`;
}

/** "Followers only · Sensitive", "Paid: 50 credits"; "" for a public, general one. */
export function tagsOf(entry: ScheduledLive): string {
  return [
    entry.gating === "paid"
      ? `Paid: ${entry.priceCredits ?? ""} credits`
      : null,
    entry.gating === "followers" ? "Followers only" : null,
    entry.sensitivity === "sensitive" ? "Sensitive" : null,
  ]
    .filter((tag) => tag !== null)
    .join(" · ");
}

/**
 * `/scheduled/:id`: a live announced ahead, with a countdown, reminders and a calendar link; for
 * its creator Go live now, Edit and Cancel. It listens to the `live` topic: when the live starts
 * the page becomes the stream's page (no reload); a cancellation or a move shows in place.
 */
export function ScheduledLiveScreen() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { user } = useAuth();
  const [entry, setEntry] = useState<ScheduledLive | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string>(() => {
    const made = (location.state as ScheduledState | null)?.justScheduled;
    if (made === undefined) return "";
    return made > 1
      ? `Scheduled, with ${made - 1} more ${made - 1 === 1 ? "week" : "weeks"} after it. Your followers are told.`
      : "Scheduled. Your followers are told.";
  });
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  /** The creator pressed Go live now here and the stream is being started. */
  const startingHere = useRef(false);
  const onStarting = useCallback((starting: boolean) => {
    startingHere.current = starting;
  }, []);

  const load = useCallback(() => {
    getScheduledLive(id).then(({ scheduled }) => {
      setEntry(scheduled);
      setError(null);
    }, setError);
  }, [id]);
  useEffect(load, [load]);

  const isOwner = entry !== null && user?.id === entry.author.id;

  useWatchLive();
  useServerEvents((event) => {
    if (!isScheduledPush(event) || event.scheduledId !== id) return;
    // Its own start: this page is about to open the broadcaster (and must keep the camera).
    if (event.status === "live" && startingHere.current) return;
    if (event.status === "live" && event.streamId !== null && !isOwner) {
      navigate(`/live/${encodeURIComponent(event.streamId)}`);
      return;
    }
    if (event.status === "upcoming") {
      load(); // moved or edited
      return;
    }
    setEntry((current) =>
      current === null
        ? current
        : { ...current, status: event.status, streamId: event.streamId },
    );
    if (event.status === "cancelled") {
      setEditing(false);
      setNote("This live was cancelled.");
    }
  });

  // Pushes missed while the socket was down: ask again once it is back.
  const socketState = useEventSocketState();
  const wasDown = useRef(false);
  useEffect(() => {
    if (socketState === "reconnecting") wasDown.current = true;
    else if (socketState === "open" && wasDown.current) {
      wasDown.current = false;
      load();
    }
  }, [socketState, load]);

  // Not started an hour after its time, an entry is missed (no push says so): ask then.
  const startsAt = entry?.startsAt ?? null;
  const upcoming = entry?.status === "upcoming";
  useEffect(() => {
    if (!upcoming || startsAt === null) return undefined;
    const wait = Date.parse(startsAt) + missedAfterMs + 5_000 - Date.now();
    if (!(wait > 0) || wait > 24 * 3_600_000) return undefined;
    const timer = setTimeout(load, wait);
    return () => clearTimeout(timer);
  }, [upcoming, startsAt, load]);

  useEffect(() => {
    if (editing) editHeading.current?.focus();
  }, [editing]);

  const onStatus = useCallback((status: ScheduledStatus) => {
    setEntry((current) =>
      current === null ? current : { ...current, status },
    );
  }, []);

  if (error !== null && entry === null)
    return (
      <ErrorMessage
        error={error}
        onRetry={() => {
          setError(null);
          load();
        }}
      />
    );
  if (entry === null)
    return (
      <p className="muted" role="status">
        Loading this live…
      </p>
    );

  const { author } = entry;
  const tags = tagsOf(entry);
  const streamPath =
    entry.streamId !== null
      ? `/live/${encodeURIComponent(entry.streamId)}`
      : null;

  function closeEditor() {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <section className="screen scheduled" aria-labelledby="scheduled-title">
      <p className="scheduled-status">
        <span
          className={`pill${entry.status === "live" ? " live" : ""}${entry.status === "cancelled" || entry.status === "missed" ? " off" : ""}`}
        >
          {statusLabel(entry.status)}
        </span>
        <span className="muted"> Scheduled live</span>
      </p>
      <h1 id="scheduled-title" ref={heading} tabIndex={-1}>
        {entry.title}
      </h1>
      <p className="creator-line">
        <Avatar user={author} />
        <Link to={`/u/${encodeURIComponent(author.handle)}`}>
          {author.displayName}
        </Link>
        <span className="muted">@{author.handle}</span>
      </p>
      <p className="scheduled-when">
        <time dateTime={entry.startsAt}>{formatStartsAt(entry.startsAt)}</time>
      </p>
      {entry.status === "upcoming" ? (
        <p>
          <Countdown startsAt={entry.startsAt} announce />
        </p>
      ) : null}
      {tags !== "" ? <p className="muted">{tags}</p> : null}
      {entry.description !== "" ? (
        <p className="scheduled-description">{entry.description}</p>
      ) : null}
      <p role="status" className="scheduled-note">
        {note}
      </p>

      {streamPath !== null && entry.status === "live" ? (
        <p className="row">
          {isOwner ? (
            <Link className="button primary" to={`${streamPath}/broadcast`}>
              Broadcast controls
            </Link>
          ) : (
            <Link className="button primary" to={streamPath}>
              Watch now
            </Link>
          )}
        </p>
      ) : null}
      {streamPath !== null && entry.status === "done" ? (
        <p>
          <Link to={streamPath}>See how it went</Link>
        </p>
      ) : null}

      {entry.status === "upcoming" || entry.status === "live" ? (
        <p className="muted">{remindersText(entry.remindersCount)}</p>
      ) : null}
      <div className="row scheduled-actions">
        <RemindMeButton entry={entry} onChange={setEntry} />
        {entry.gating === "public" ? (
          <a
            className="button secondary"
            href={scheduleCalendarUrl(author.handle)}
            aria-describedby="calendar-hint"
          >
            Add to calendar
          </a>
        ) : null}
        <ShareButton
          path={`/scheduled/${encodeURIComponent(entry.id)}`}
          title={entry.title}
        />
      </div>
      {entry.gating === "public" ? (
        <p id="calendar-hint" className="hint">
          A calendar of @{author.handle}&apos;s public lives, kept up to date
          when they change.
        </p>
      ) : null}

      {isOwner && entry.status === "upcoming" ? (
        <section className="panel" aria-labelledby="scheduled-yours">
          <h2 id="scheduled-yours">Your live</h2>
          <GoLiveNow
            entry={entry}
            onStatus={onStatus}
            onStarting={onStarting}
          />
          <div className="row">
            <button
              ref={editButton}
              type="button"
              className="secondary"
              aria-expanded={editing}
              onClick={() => (editing ? closeEditor() : setEditing(true))}
            >
              Edit
            </button>
            <CancelScheduledLive
              entry={entry}
              onCancelled={() => {
                setEditing(false);
                setEntry({ ...entry, status: "cancelled" });
                setNote("This live was cancelled.");
                // Its controls are gone: focus goes to what the page is about.
                requestAnimationFrame(() => heading.current?.focus());
              }}
              onStatus={onStatus}
            />
          </div>
          {editing ? (
            <div className="scheduled-editor">
              <h3 ref={editHeading} tabIndex={-1}>
                Edit this live
              </h3>
              <ScheduleForm
                label="Edit this live"
                initial={formValuesOf(entry)}
                defaultTitle={defaultTitleFor(author.displayName)}
                submitLabel="Save changes"
                submittingLabel="Saving…"
                onCancel={closeEditor}
                onSubmit={async (values) => {
                  const { scheduled } = await updateScheduledLive(
                    entry.id,
                    toScheduleUpdate(
                      values,
                      entry,
                      defaultTitleFor(author.displayName),
                    ),
                  );
                  setEntry(scheduled);
                  setNote("Your changes are saved.");
                  closeEditor();
                }}
              />
            </div>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
