/**
 * The only module that speaks HTTP to the onair server (API.md). Components call these typed
 * functions; every failure becomes an {@link ApiError}.
 */
import { reportRequestFailure, reportRequestSuccess } from "./connectivity";

// ---------------------------------------------------------------------------------------------
// Types of API.md
// ---------------------------------------------------------------------------------------------

export interface User {
  id: string;
  handle: string;
  displayName: string;
  createdAt: string;
  isAdmin: boolean;
  /** Null (or absent from older servers): the client draws initials. */
  avatarUrl?: string | null;
  bio?: string;
}

export type StreamStatus = "created" | "live" | "interrupted" | "ended";
export type Sensitivity = "none" | "sensitive";
export type Gating = "public" | "followers" | "paid";
export type RecordingState =
  "none" | "recording" | "saved" | "discarded" | "failed";
export type MediaBackend = "builtin" | "livekit";

export interface LiveStream {
  id: string;
  author: User;
  title: string;
  description: string;
  status: StreamStatus;
  sensitivity: Sensitivity;
  gating: Gating;
  priceCredits: number | null;
  viewerCount: number;
  peakViewers: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  recording: RecordingState;
  reelId: string | null;
  /** The newest thumbnail posted while live (absent from older servers). */
  thumbnailUrl?: string | null;
  /** The creator's camera and microphone; absent means on. */
  cameraOn?: boolean;
  microphoneOn?: boolean;
}

/** Credentials for the media plane: a relay WebSocket URL or a LiveKit server URL. */
export interface MediaCredentials {
  backend: MediaBackend;
  url: string;
  token: string;
  /**
   * Low-Latency HLS of the same stream, token included (built-in relay, H.264 streams, once the
   * publisher's media has arrived): for players without a Media Source API.
   */
  hlsUrl?: string;
}

export interface Reel {
  id: string;
  author: User;
  title: string;
  description: string;
  durationMs: number;
  videoUrl: string;
  thumbnailUrl: string;
  createdAt: string;
  sourceStreamId: string | null;
  sensitivity: Sensitivity;
  gating: Gating;
  priceCredits: number | null;
}

export interface AppNotification {
  id: string;
  type: string;
  actor: User;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
  subjectId: string;
}

export interface ChannelPreference {
  inApp: boolean;
  email: boolean;
}

export interface NotificationPreferences {
  preferences: Record<string, ChannelPreference>;
  mutedCreators: string[];
}

export interface Profile {
  user: User;
  followerCount: number;
  followingCount: number;
  isFollowing: boolean;
  liveStream: LiveStream | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  unreadCount: number;
}

export interface CreateLiveStreamInput {
  title: string;
  description?: string;
  sensitivity: Sensitivity;
  gating: Gating;
  priceCredits?: number;
}

/** A scheduled live's state; `done`: its stream ended; `missed`: not started within an hour. */
export type ScheduledStatus =
  "upcoming" | "live" | "done" | "cancelled" | "missed";

/** A live announced ahead (API.md "Scheduled lives"). */
export interface ScheduledLive {
  id: string;
  author: User;
  title: string;
  description: string;
  startsAt: string;
  sensitivity: Sensitivity;
  gating: Gating;
  /** 0 or null unless paid. */
  priceCredits: number | null;
  status: ScheduledStatus;
  /** The stream started from it (`live` and `done`). */
  streamId: string | null;
  remindersCount: number;
  /** The signed-in viewer asked to be reminded (false for visitors). */
  isReminded: boolean;
}

/** `POST /api/scheduled-lives`: a new stream's fields, its time and weekly repeats. */
export interface ScheduleLiveInput extends CreateLiveStreamInput {
  /** ISO time, 5 minutes to 90 days ahead. */
  startsAt: string;
  /** 0–11 more entries, a week apart. */
  repeatWeeks?: number;
}

/** `PATCH /api/scheduled-lives/{id}`: only the fields given change. */
export type ScheduledLiveUpdate = Partial<
  Omit<ScheduleLiveInput, "repeatWeeks">
>;

export interface Purchase {
  id: string;
  itemType: "live_stream" | "reel";
  itemId: string;
  [key: string]: unknown;
}

export type ClientEventKind = "playback_error" | "publish_error" | "reconnect";

export interface ClientEvent {
  streamId?: string;
  kind: ClientEventKind;
  message: string;
  detail?: unknown;
}

/** `GET /api/admin/overview`: the whole service at a glance, for operators. */
export interface AdminOverview {
  streams: Record<StreamStatus, number>;
  eventSockets: number;
  mediaBackend: MediaBackend;
  users: number;
  reels: number;
  last24h: {
    streamsStarted: number;
    watchSessions: number;
    uniqueViewers: number;
    purchases: number;
    revenueCredits: number;
  };
  notifications: {
    emailPending: number;
    emailFailed: number;
    fanoutJobsPending: number;
  };
  /** Up to 5 open streams, most viewers first. */
  topLive: LiveStream[];
}

/** How many distinct viewers were present at one instant. */
export interface ViewerPoint {
  at: string;
  viewers: number;
}

/** How many chat messages (or reactions) came since the previous point. */
export interface CountPoint {
  at: string;
  count: number;
}

/** `GET /api/live-streams/{id}/analytics`: one stream's numbers, for its creator (and admins). */
export interface StreamInsights {
  /** Null when the stream never went live. */
  durationMs: number | null;
  peakViewers: number;
  uniqueViewers: number;
  totalWatchMs: number;
  averageWatchMs: number;
  /** Up to 60 points from going live to the end (or now). */
  viewerTimeline: ViewerPoint[];
  /** At the instants of `viewerTimeline`. */
  chatTimeline: CountPoint[];
  reactionTimeline: CountPoint[];
  errors: Record<string, number>;
  notifications: { sent: number; emailed: number; opened: number };
  chatMessages: number;
  reactions: number;
  /** Follows of the creator between going live and the end. */
  newFollowers: number;
  revenueCredits: number;
}

/** One minute of the whole instance: distinct viewers present and streams live then. */
export interface InstanceViewersPoint {
  at: string;
  viewers: number;
  liveStreams: number;
}

/** One step in a stream's life (`created`, `live`, `ended`…); `detail` may be "". */
export interface StreamTimelineEntry {
  kind: string;
  detail: string;
  at: string;
}

/** One stream's numbers, as operators see them (`GET /api/admin/streams/{id}/analytics`). */
export interface StreamAnalytics {
  uniqueViewers: number;
  watchSessions: number;
  currentViewers: number;
  peakViewers: number;
  totalWatchMs: number;
  averageWatchMs: number;
  /** Null when the stream never started. */
  durationMs: number | null;
  purchases: number;
  revenueCredits: number;
  followersNotified: number;
  /** Client-reported problems by kind (`playback_error`, `reconnect`…). */
  clientEvents: Record<string, number>;
  timeline: StreamTimelineEntry[];
}

/**
 * A creator's ban of a user from all their streams (`until` null: permanent). A timeout is a ban
 * with an end.
 */
export interface Ban {
  creator: User;
  user: User;
  until: string | null;
  reason: string;
  createdAt: string;
  createdBy: User;
}

/** `POST /api/users/{creator}/bans`. */
export interface BanInput {
  handle: string;
  /** 1..1,209,600 (14 days); null or absent: permanent. */
  durationSeconds?: number | null;
  /** At most 500 characters. */
  reason?: string;
  /** Also removes what the user wrote in the creator's open stream's chat. */
  removeMessages?: boolean;
}

/** A creator's chat rules, for all their streams. */
export interface ChatSettings {
  /** 0 (off) .. 300: one message per this many seconds per viewer. */
  slowModeSeconds: number;
  followersOnlyChat: boolean;
  /**
   * With followers-only chat, how long (0..129,600 minutes) a follower must have followed before
   * they may chat; 0: any follower. Absent from older servers.
   */
  followersOnlyMinutes?: number;
  /** At most 500 words or phrases of 1..50 characters. */
  blockedWords: string[];
}

/** What can be reported to the operators. */
export type ReportItemType = "live_stream" | "reel" | "chat_message" | "user";

/** How an operator settles a report. */
export type ReportAction =
  "dismiss" | "remove_item" | "end_stream" | "suspend_user";

export type ReportStatus = "open" | "resolved";

/**
 * A report of a stream, reel, chat message or user to the operators. A user is always named by id
 * here, whichever the reporter gave.
 */
export interface Report {
  id: string;
  reporter: User;
  itemType: ReportItemType;
  itemId: string;
  /** 1..500 characters: why the reporter reported it. */
  reason: string;
  status: ReportStatus;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: User | null;
  resolution: ReportAction | null;
}

/** `POST /api/reports`. */
export interface ReportInput {
  itemType: ReportItemType;
  /** The item's id; a user's id or handle. */
  itemId: string;
  /** 1..500 characters. */
  reason: string;
}

/**
 * One recorded moderation action. `action`: appoint_moderator, dismiss_moderator, ban, timeout,
 * unban, chat_settings, remove_message (`reason` is the removed text), resolve_report:<action>,
 * suspend, lift_suspension. `creator` is the channel (null for operators' own actions).
 */
export interface ModerationAction {
  id: string;
  action: string;
  creator: User | null;
  actor: User;
  user: User | null;
  itemType: string | null;
  itemId: string | null;
  reason: string;
  until: string | null;
  createdAt: string;
}

/** `POST /api/admin/users/{handle}/suspend`. */
export interface SuspensionInput {
  /** 1..500 characters. */
  reason: string;
  /** When the suspension ends (ISO time in the future); null or absent: until lifted. */
  until?: string | null;
}

export interface AdminStreamsQuery {
  /** Without it, streams of every status. */
  status?: StreamStatus;
  cursor?: string | null;
  limit?: number;
}

/** One line of a live stream's chat. Ids are increasing whole numbers, sent as strings. */
export interface ChatMessage {
  id: string;
  streamId: string;
  author: User;
  text: string;
  createdAt: string;
}

/** The reactions a viewer can send, in the order the web client shows them. */
export const reactionKinds = ["heart", "fire", "clap", "laugh", "wow"] as const;
export type ReactionKind = (typeof reactionKinds)[number];

/** Reactions made since the previous batch, by kind; kinds with none are left out. */
export type ReactionCounts = Partial<Record<ReactionKind, number>>;

/** Messages the server pushes on `/ws`. Unknown types are passed through untouched. */
export type ServerEvent =
  | { type: "notification"; notification: AppNotification }
  | { type: "stream"; stream: LiveStream }
  | { type: "chat"; message: ChatMessage }
  | { type: "chat_removed"; streamId: string; messageId: string }
  | { type: "reactions"; streamId: string; counts: ReactionCounts }
  | { type: "banned"; streamId: string; until: string | null }
  | {
      type: "scheduled";
      scheduledId: string;
      authorId: string;
      status: ScheduledStatus;
      streamId: string | null;
    }
  | { type: string; [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** A failed call: the server's `{error: {code, message, details}}`, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown, code?: string): value is ApiError {
  return (
    value instanceof ApiError && (code === undefined || value.code === code)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the API.md error body; a body of another shape still gives a usable error. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, details } = body.error;
    return new ApiError(
      status,
      typeof code === "string" ? code : `http_${status}`,
      typeof message === "string" ? message : `Request failed (${status})`,
      isRecord(details) ? details : {},
    );
  }
  return new ApiError(status, `http_${status}`, `Request failed (${status})`);
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RequestOptions {
  signal?: AbortSignal;
  keepalive?: boolean;
  /** A Blob body's Content-Type, when it must be a given one rather than the blob's own. */
  contentType?: string;
}

type SessionListener = () => void;
const sessionListeners = new Set<SessionListener>();

/**
 * Calls `listener` whenever the server answers 401 to a request other than sign-in, sign-up and
 * `GET /api/me`: the session may have ended elsewhere (signed out, suspended), so whoever knows
 * who is signed in should ask again. Returns a function that unsubscribes.
 */
export function onUnauthenticated(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function reportUnauthenticated(path: string): void {
  if (path === "/api/me" || path.startsWith("/api/auth/")) return;
  for (const listener of sessionListeners) listener();
}

async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    signal: options.signal,
    keepalive: options.keepalive,
  };
  if (body instanceof Blob) {
    // A file sent as the raw body (avatars, thumbnails), typed by itself unless told otherwise.
    init.headers = {
      Accept: "application/json",
      "Content-Type": options.contentType ?? body.type,
    };
    init.body = body;
  } else if (body !== undefined) {
    init.headers = {
      Accept: "application/json",
      "Content-Type": "application/json",
    };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError")
      throw cause;
    reportRequestFailure();
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  reportRequestSuccess();
  const payload = await readJson(response);
  if (response.status === 401) reportUnauthenticated(path.split("?")[0]!);
  if (!response.ok) throw errorFromBody(response.status, payload);
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (response.ok)
      throw new ApiError(
        response.status,
        "invalid_response",
        "The server sent an unreadable answer.",
      );
    return undefined;
  }
}

const enc = encodeURIComponent;

function query(
  params: Record<string, string | number | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "")
      search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/** Resolves when the server answers its health check (`GET /healthz`); `signal` gives up. */
export function checkServer(signal?: AbortSignal): Promise<void> {
  return request("GET", "/healthz", undefined, { signal });
}

// ---------------------------------------------------------------------------------------------
// Accounts and the social graph
// ---------------------------------------------------------------------------------------------

export interface SignupInput {
  handle: string;
  email: string;
  password: string;
  displayName: string;
}

export function signup(
  input: SignupInput,
): Promise<{ user: User; token: string }> {
  return request("POST", "/api/auth/signup", input);
}

export function login(
  loginName: string,
  password: string,
): Promise<{ user: User; token: string }> {
  return request("POST", "/api/auth/login", { login: loginName, password });
}

export function logout(): Promise<void> {
  return request("POST", "/api/auth/logout");
}

export function getMe(): Promise<{ user: User }> {
  return request("GET", "/api/me");
}

export function getProfile(handle: string): Promise<Profile> {
  return request("GET", `/api/users/${enc(handle)}`);
}

/** Changes the signed-in user's display name (1–60 characters) and bio (0–300). */
export function updateMe(update: {
  displayName?: string;
  bio?: string;
}): Promise<{ user: User }> {
  return request("PATCH", "/api/me", update);
}

/** A JPEG, PNG or WebP image of at most 2 MB, sent with its own Content-Type. */
export function uploadAvatar(image: Blob): Promise<{ user: User }> {
  return request("PUT", "/api/me/avatar", image);
}

export function removeAvatar(): Promise<{ user: User }> {
  return request("DELETE", "/api/me/avatar");
}

/** A creator's reels, newest first. */
export function listUserReels(
  handle: string,
  cursor?: string | null,
): Promise<Page<Reel>> {
  return request("GET", `/api/users/${enc(handle)}/reels${query({ cursor })}`);
}

export function follow(handle: string): Promise<void> {
  return request("POST", `/api/users/${enc(handle)}/follow`);
}

export function unfollow(handle: string): Promise<void> {
  return request("DELETE", `/api/users/${enc(handle)}/follow`);
}

// ---------------------------------------------------------------------------------------------
// Live streams
// ---------------------------------------------------------------------------------------------

export function createLiveStream(
  input: CreateLiveStreamInput,
): Promise<{ stream: LiveStream; publish: MediaCredentials }> {
  return request("POST", "/api/live-streams", input);
}

/** `POST /api/live-streams/{id}/join`. 403 `banned` (details.until) for a banned user. */
export interface JoinAnswer {
  stream: LiveStream;
  watch: MediaCredentials;
  watchId?: string;
  /** The viewer moderates the channel: its creator, a moderator of it, or an admin. */
  canModerate?: boolean;
}

/** Joins a stream; with `watchId` (from an earlier join) a reconnecting player continues that
 * watching session instead of starting another. */
export function joinLiveStream(
  id: string,
  acknowledgeSensitive?: boolean,
  watchId?: string,
): Promise<JoinAnswer> {
  const body: { acknowledgeSensitive?: true; watchId?: string } = {};
  if (acknowledgeSensitive) body.acknowledgeSensitive = true;
  if (watchId !== undefined) body.watchId = watchId;
  return request("POST", `/api/live-streams/${enc(id)}/join`, body);
}

/** Leaves a stream; `keepalive` lets the request outlive the page (pagehide, unmount). */
export function leaveLiveStream(id: string): Promise<void> {
  return request<void>(
    "POST",
    `/api/live-streams/${enc(id)}/leave`,
    undefined,
    { keepalive: true },
  );
}

export function endLiveStream(
  id: string,
  saveRecording: boolean,
): Promise<{ stream: LiveStream; reel: Reel | null }> {
  return request("POST", `/api/live-streams/${enc(id)}/end`, { saveRecording });
}

export function getLiveStream(id: string): Promise<{ stream: LiveStream }> {
  return request("GET", `/api/live-streams/${enc(id)}`);
}

/** The owner tells viewers the camera or microphone is paused (or back). */
export function setLiveStreamState(
  id: string,
  state: { cameraOn?: boolean; microphoneOn?: boolean },
): Promise<{ stream: LiveStream }> {
  return request("PUT", `/api/live-streams/${enc(id)}/state`, state);
}

/** Posts a JPEG (≤ 256 KB, at most one every 5 s) as the stream's thumbnail; owner only. */
export function uploadLiveStreamThumbnail(
  id: string,
  jpeg: Blob,
): Promise<void> {
  return request("PUT", `/api/live-streams/${enc(id)}/thumbnail`, jpeg, {
    contentType: "image/jpeg",
  });
}

/** A stream's audience and engagement; its owner or an admin (403 `not_stream_owner`). */
export function getStreamInsights(id: string): Promise<StreamInsights> {
  return request("GET", `/api/live-streams/${enc(id)}/analytics`);
}

export function listLiveStreams(
  scope: "all" | "following",
  options: { limit?: number; cursor?: string | null } = {},
): Promise<Page<LiveStream>> {
  return request(
    "GET",
    `/api/live-streams${query({ scope, limit: options.limit ?? 20, cursor: options.cursor })}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Scheduled lives
// ---------------------------------------------------------------------------------------------

/**
 * Announces a live (and, with `repeatWeeks`, that many more a week apart); followers are told.
 * 400 `validation_failed` (details.field, e.g. `startsAt` out of 5 minutes .. 90 days).
 */
export function createScheduledLive(input: ScheduleLiveInput): Promise<{
  scheduled: ScheduledLive;
  /** Every entry made, the first first (absent from servers without weekly repeats). */
  occurrences?: ScheduledLive[];
}> {
  return request("POST", "/api/scheduled-lives", input);
}

/** One entry, for visitors too. */
export function getScheduledLive(
  id: string,
): Promise<{ scheduled: ScheduledLive }> {
  return request("GET", `/api/scheduled-lives/${enc(id)}`);
}

/** A creator's entries that are upcoming or live now, soonest first (at most 50). */
export function listUserScheduledLives(
  handle: string,
): Promise<{ items: ScheduledLive[] }> {
  return request("GET", `/api/users/${enc(handle)}/scheduled-lives`);
}

/**
 * Changes an upcoming entry (its creator only: 403 `forbidden`; 409 `conflict` with
 * details.status once it is not upcoming). Moving it tells those reminded.
 */
export function updateScheduledLive(
  id: string,
  update: ScheduledLiveUpdate,
): Promise<{ scheduled: ScheduledLive }> {
  return request("PATCH", `/api/scheduled-lives/${enc(id)}`, update);
}

/** Cancels an upcoming entry; those reminded are told (204 also when cancelled already). */
export function cancelScheduledLive(id: string): Promise<void> {
  return request("DELETE", `/api/scheduled-lives/${enc(id)}`);
}

/**
 * Asks to be reminded 10 minutes before (`on`), or stops asking. 409 `conflict` unless upcoming;
 * 400 for the entry's creator; stopping always answers 204.
 */
export function setScheduledReminder(id: string, on: boolean): Promise<void> {
  return request(
    on ? "POST" : "DELETE",
    `/api/scheduled-lives/${enc(id)}/reminder`,
  );
}

/**
 * Starts the stream of an entry: it takes the entry's settings. 403 for someone else's, 409
 * `conflict` unless upcoming, 409 `already_live`.
 */
export function startScheduledLive(
  scheduledId: string,
): Promise<{ stream: LiveStream; publish: MediaCredentials }> {
  return request("POST", "/api/live-streams", { scheduledId });
}

/** The address of a creator's public lives as an RFC 5545 calendar (`text/calendar`). */
export function scheduleCalendarUrl(handle: string): string {
  return `/api/users/${enc(handle)}/schedule.ics`;
}

// ---------------------------------------------------------------------------------------------
// Live chat and reactions (only for those who passed the stream's gate, and its owner)
// ---------------------------------------------------------------------------------------------

/** Messages after `after` (the newest `limit` when absent), oldest first; `limit` 1–100. */
export function listChat(
  streamId: string,
  after?: string | null,
  limit = 50,
): Promise<{ items: ChatMessage[] }> {
  return request(
    "GET",
    `/api/live-streams/${enc(streamId)}/chat${query({ after, limit })}`,
  );
}

/**
 * Posts a message (1–500 characters once trimmed). 429 `rate_limited` past a burst of 5 (then
 * one a second); 409 `stream_ended` once the chat is closed. The creator's chat rules: 429
 * `slow_mode` (details.retryAfterSeconds), 403 `followers_only`, 400 `message_blocked`; a banned
 * user gets 403 `banned` (details.until).
 */
export function sendChat(
  streamId: string,
  text: string,
): Promise<{ message: ChatMessage }> {
  return request("POST", `/api/live-streams/${enc(streamId)}/chat`, { text });
}

/** The stream's owner, the channel's moderators or an admin remove a message; others get 403. */
export function removeChatMessage(
  streamId: string,
  messageId: string,
): Promise<void> {
  return request(
    "DELETE",
    `/api/live-streams/${enc(streamId)}/chat/${enc(messageId)}`,
  );
}

/** Sends one reaction; 429 `rate_limited` past a burst of 20 (then ten a second). */
export function react(streamId: string, kind: ReactionKind): Promise<void> {
  return request("POST", `/api/live-streams/${enc(streamId)}/reactions`, {
    kind,
  });
}

// ---------------------------------------------------------------------------------------------
// Moderation: bans and chat rules belong to a creator's channel
// ---------------------------------------------------------------------------------------------

/** The users the signed-in creator appointed to moderate their channel. */
export function listModerators(): Promise<{ items: User[] }> {
  return request("GET", "/api/me/moderators");
}

/** Appoints a moderator: 404 `not_found` for an unknown handle, 400 for oneself. */
export function addModerator(handle: string): Promise<void> {
  return request("PUT", `/api/me/moderators/${enc(handle)}`);
}

export function removeModerator(handle: string): Promise<void> {
  return request("DELETE", `/api/me/moderators/${enc(handle)}`);
}

/**
 * Bans (or, with a duration, times out) a user from `creator`'s streams; a second ban replaces
 * the first. 403 `forbidden` unless the caller moderates the channel (and for a moderator banning
 * another moderator); 400 for the creator or oneself.
 */
export function banUser(
  creator: string,
  input: BanInput,
): Promise<{ ban: Ban }> {
  return request("POST", `/api/users/${enc(creator)}/bans`, input);
}

/** The channel's bans in force; 403 `forbidden` unless the caller moderates it. */
export function listBans(creator: string): Promise<{ items: Ban[] }> {
  return request("GET", `/api/users/${enc(creator)}/bans`);
}

/** Lifts a ban (204 also when there was none). */
export function liftBan(creator: string, handle: string): Promise<void> {
  return request("DELETE", `/api/users/${enc(creator)}/bans/${enc(handle)}`);
}

export function getChatSettings(): Promise<{ chatSettings: ChatSettings }> {
  return request("GET", "/api/me/chat-settings");
}

/** Changes the fields given; the others keep their value. */
export function updateChatSettings(
  update: Partial<ChatSettings>,
): Promise<{ chatSettings: ChatSettings }> {
  return request("PUT", "/api/me/chat-settings", update);
}

/**
 * The channel's moderation log, newest first (`limit` 1..100): its creator, their moderators and
 * admins; 403 `forbidden` for others.
 */
export function getModerationLog(
  creator: string,
  cursor?: string | null,
  limit?: number,
): Promise<Page<ModerationAction>> {
  return request(
    "GET",
    `/api/users/${enc(creator)}/moderation-log${query({ cursor, limit })}`,
  );
}

/**
 * Reports something to the operators. 409 `conflict` when this user already has an open report
 * of the item; 404 for an unknown item; 401 for visitors.
 */
export function createReport(input: ReportInput): Promise<{ report: Report }> {
  return request("POST", "/api/reports", input);
}

// ---------------------------------------------------------------------------------------------
// Reels
// ---------------------------------------------------------------------------------------------

export function listReels(
  scope: "all" | "following",
  cursor?: string | null,
): Promise<Page<Reel>> {
  return request("GET", `/api/reels${query({ scope, cursor })}`);
}

export function getReel(id: string): Promise<{ reel: Reel }> {
  return request("GET", `/api/reels/${enc(id)}`);
}

/**
 * Asks whether this viewer may play a reel's video, fetching only its first byte (the media URL
 * is gated by the session cookie). Resolves when the video will play; rejects with the gate as an
 * {@link ApiError}: 402 `payment_required` (details.priceCredits), 403 `followers_only`, 404…
 */
export async function checkReelAccess(
  reel: Pick<Reel, "videoUrl">,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(reel.videoUrl, {
      method: "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json, video/*", Range: "bytes=0-0" },
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError")
      throw cause;
    reportRequestFailure();
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  reportRequestSuccess();
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  throw errorFromBody(response.status, await readJson(response));
}

export interface UploadReelInput {
  file: Blob;
  title: string;
  description?: string;
}

export interface UploadHandle {
  promise: Promise<{ reel: Reel }>;
  cancel: () => void;
}

/**
 * Uploads a video as a raw body. XMLHttpRequest (not fetch) because only it reports upload
 * progress. `cancel` aborts; the promise then rejects with an AbortError DOMException.
 */
export function uploadReel(
  input: UploadReelInput,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<{ reel: Reel }>((resolve, reject) => {
    xhr.open(
      "POST",
      `/api/reels${query({ title: input.title, description: input.description })}`,
    );
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", input.file.type || "video/webm");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      onProgress(
        event.loaded,
        event.lengthComputable ? event.total : input.file.size,
      );
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body =
          xhr.responseText === "" ? undefined : JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      reportRequestSuccess();
      if (xhr.status >= 200 && xhr.status < 300)
        resolve(body as { reel: Reel });
      else reject(errorFromBody(xhr.status, body));
    };
    xhr.onerror = () => {
      reportRequestFailure();
      reject(
        new ApiError(0, "network_error", "The server could not be reached."),
      );
    };
    xhr.onabort = () =>
      reject(new DOMException("Upload cancelled", "AbortError"));
    xhr.send(input.file);
  });
  return { promise, cancel: () => xhr.abort() };
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

export function listNotifications(
  cursor?: string | null,
): Promise<NotificationPage> {
  return request("GET", `/api/notifications${query({ cursor })}`);
}

export function markNotificationRead(id: string): Promise<void> {
  return request("POST", `/api/notifications/${enc(id)}/read`);
}

export function markAllNotificationsRead(): Promise<void> {
  return request("POST", "/api/notifications/read-all");
}

export function getNotificationPreferences(): Promise<NotificationPreferences> {
  return request("GET", "/api/me/notification-preferences");
}

export function updateNotificationPreferences(
  update: Partial<NotificationPreferences>,
): Promise<NotificationPreferences | undefined> {
  return request("PUT", "/api/me/notification-preferences", update);
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

export function getWallet(): Promise<{ balanceCredits: number }> {
  return request("GET", "/api/me/wallet");
}

export function topUpWallet(
  credits: number,
  idempotencyKey: string,
): Promise<{ balanceCredits: number }> {
  return request("POST", "/api/me/wallet/top-up", { credits, idempotencyKey });
}

export function purchase(
  itemType: "live_stream" | "reel",
  itemId: string,
  idempotencyKey: string,
): Promise<{ purchase: Purchase; balanceCredits: number }> {
  return request("POST", "/api/purchases", {
    itemType,
    itemId,
    idempotencyKey,
  });
}

// ---------------------------------------------------------------------------------------------
// Operators (isAdmin only; others get 403 `forbidden`)
// ---------------------------------------------------------------------------------------------

export function getAdminOverview(): Promise<AdminOverview> {
  return request("GET", "/api/admin/overview");
}

/** Streams of every owner, newest first. */
export function listAdminStreams(
  options: AdminStreamsQuery = {},
): Promise<Page<LiveStream>> {
  return request(
    "GET",
    `/api/admin/streams${query({ status: options.status, limit: options.limit ?? 20, cursor: options.cursor })}`,
  );
}

/** Ends anyone's stream; 409 `stream_ended` if it already ended. */
export function adminEndStream(
  id: string,
  saveRecording: boolean,
): Promise<{ stream: LiveStream; reel: Reel | null }> {
  return request("POST", `/api/admin/streams/${enc(id)}/end`, {
    saveRecording,
  });
}

/** Distinct viewers and live streams across the instance, one point a minute. */
export function getInstanceViewers(
  minutes = 60,
): Promise<{ points: InstanceViewersPoint[] }> {
  return request("GET", `/api/admin/viewers${query({ minutes })}`);
}

/** Reports of one status, oldest first. */
export function listAdminReports(
  status: ReportStatus,
  cursor?: string | null,
  limit?: number,
): Promise<Page<Report>> {
  return request(
    "GET",
    `/api/admin/reports${query({ status, cursor, limit })}`,
  );
}

/**
 * Settles an open report. 409 `conflict` when it is resolved already; 400 `validation_failed`
 * for an action that does not fit the item (`end_stream` is for streams; a user cannot be
 * removed).
 */
export function resolveReport(
  id: string,
  action: ReportAction,
): Promise<{ report: Report }> {
  return request("POST", `/api/admin/reports/${enc(id)}/resolve`, { action });
}

/**
 * Suspends an account: its sessions end, a live stream of theirs ends, sign-in answers 403
 * `suspended`. 404 for an unknown handle; 400 for oneself or an end not in the future.
 */
export function suspendUser(
  handle: string,
  input: SuspensionInput,
): Promise<void> {
  return request("POST", `/api/admin/users/${enc(handle)}/suspend`, input);
}

/** Lifts a suspension (204 also when there was none); 404 for an unknown handle. */
export function liftSuspension(handle: string): Promise<void> {
  return request("DELETE", `/api/admin/users/${enc(handle)}/suspend`);
}

/** Every channel's moderation actions and the operators' own, newest first. */
export function getAdminModerationLog(
  cursor?: string | null,
  limit?: number,
): Promise<Page<ModerationAction>> {
  return request("GET", `/api/admin/moderation-log${query({ cursor, limit })}`);
}

export function getStreamAnalytics(
  id: string,
): Promise<{ stream: LiveStream; analytics: StreamAnalytics }> {
  return request("GET", `/api/admin/streams/${enc(id)}/analytics`);
}

// ---------------------------------------------------------------------------------------------
// Operations and client logging
// ---------------------------------------------------------------------------------------------

export function checkHealth(): Promise<{ status: string }> {
  return request("GET", "/healthz");
}

/** Best effort: never throws, never blocks the caller. */
export function logClientEvent(event: ClientEvent): void {
  request<void>("POST", "/api/client-events", event, { keepalive: true }).catch(
    () => undefined,
  );
}
