/**
 * Words for the codes operators see (stream status, end reasons, timeline and client-event kinds).
 * A code without an entry is shown readably rather than hidden, so new server codes still show.
 */
import type { MediaBackend, RecordingState, StreamStatus } from "../api/client";

export const streamStatusLabels: Readonly<Record<StreamStatus, string>> = {
  created: "Created",
  live: "Live",
  interrupted: "Interrupted",
  ended: "Ended",
};

const recordingLabels: Readonly<Record<RecordingState, string>> = {
  none: "None",
  recording: "Recording",
  saved: "Saved as a reel",
  discarded: "Discarded",
  failed: "Failed",
};

const mediaBackendLabels: Readonly<Record<MediaBackend, string>> = {
  builtin: "Built-in relay",
  livekit: "LiveKit",
};

const endReasonLabels: Readonly<Record<string, string>> = {
  ended_by_owner: "by the creator",
  ended_by_admin: "by an operator",
  broadcaster_lost: "the broadcaster’s connection was lost",
};

const timelineLabels: Readonly<Record<string, string>> = {
  created: "Created",
  live: "Went live",
  interrupted: "Interrupted",
  ended: "Ended",
  join: "A viewer joined",
  leave: "A viewer left",
};

const clientEventLabels: Readonly<Record<string, string>> = {
  playback_error: "Playback errors",
  publish_error: "Publish errors",
  reconnect: "Reconnects",
};

/** "playback_error" → "Playback error", "client:reconnect" → "Client reconnect". */
export function humanizeCode(code: string): string {
  const words = code.replace(/[_:.-]+/g, " ").trim();
  return words === "" ? code : words[0]!.toUpperCase() + words.slice(1);
}

function lookup(table: Readonly<Record<string, string>>, code: string) {
  return Object.hasOwn(table, code) ? table[code]! : humanizeCode(code);
}

export function statusLabel(status: string): string {
  return lookup(streamStatusLabels, status);
}

export function recordingLabel(state: string): string {
  return lookup(recordingLabels, state);
}

export function mediaBackendLabel(backend: string): string {
  return lookup(mediaBackendLabels, backend);
}

/** Why a stream ended, to follow "Ended": "by an operator". */
export function endReasonLabel(reason: string): string {
  return lookup(endReasonLabels, reason);
}

export function timelineLabel(kind: string): string {
  return lookup(timelineLabels, kind);
}

export function clientEventLabel(kind: string): string {
  return lookup(clientEventLabels, kind);
}
