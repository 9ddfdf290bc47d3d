/**
 * Keeping a live viewer near the live edge (ARCHITECTURE.md "Built-in relay", latency): hold a
 * small buffer, nudge playbackRate gently (≤ 1.1) when slightly behind, and jump only when far
 * behind — to a keyframe position when one is known. Seeking to the very end or playing at 1.5×
 * freezes or re-buffers the picture, so neither is done.
 */

export type Range = readonly [start: number, end: number];

export interface CatchUpConfig {
  /** Above this lag (s) play at `nudgeRate`. */
  nudgeAboveS: number;
  /** Below this lag (s) return to normal speed. Between the two the rate is kept (hysteresis). */
  releaseBelowS: number;
  nudgeRate: number;
  /** Above this lag (s) jump instead of nudging. */
  jumpAboveS: number;
  /** Without a known keyframe, a jump lands this far behind the live edge (s). */
  jumpToLagS: number;
  /** A seek still pending after this long (ms) is stuck (a range too short to show a frame):
   * decide as if it were done. */
  stuckSeekMs: number;
}

export const defaultCatchUpConfig: CatchUpConfig = {
  nudgeAboveS: 1.0,
  releaseBelowS: 0.5,
  nudgeRate: 1.1,
  jumpAboveS: 4.0,
  jumpToLagS: 1.0,
  stuckSeekMs: 2000,
};

export interface PlaybackSnapshot {
  currentTime: number;
  playbackRate: number;
  seeking: boolean;
  /** How long the pending seek has lasted (ms), when `seeking`. */
  seekingForMs?: number;
  ranges: readonly Range[];
  /** Media times (s) where keyframe Clusters start, if the relay announced any. */
  keyframeTimes?: readonly number[];
}

export interface CatchUpDecision {
  playbackRate: number;
  seekTo: number | null;
}

const gapTolerance = 0.1;

export function decideCatchUp(
  snapshot: PlaybackSnapshot,
  config: CatchUpConfig = defaultCatchUpConfig,
): CatchUpDecision {
  const { currentTime, playbackRate, seeking, ranges } = snapshot;
  const keep: CatchUpDecision = { playbackRate, seekTo: null };
  const stuck = (snapshot.seekingForMs ?? 0) >= config.stuckSeekMs;
  if ((seeking && !stuck) || ranges.length === 0) return keep;

  // Stuck before or at the end of a range while later data exists (after a `skip` the relay
  // resumes at a keyframe Cluster, leaving a gap): go to the start of the next range.
  const current = ranges.findIndex(
    ([start, end]) =>
      currentTime >= start - gapTolerance && currentTime < end - gapTolerance,
  );
  if (current === -1) {
    const next = ranges.find(([start]) => start > currentTime);
    if (next !== undefined) return { playbackRate: 1, seekTo: next[0] };
    return keep;
  }

  const liveEdge = ranges[ranges.length - 1]![1];
  const lag = liveEdge - currentTime;
  if (lag > config.jumpAboveS) {
    const keyframe = latestKeyframe(
      snapshot.keyframeTimes ?? [],
      currentTime,
      liveEdge - 0.2,
    );
    return {
      playbackRate: 1,
      seekTo: keyframe ?? liveEdge - config.jumpToLagS,
    };
  }
  if (lag > config.nudgeAboveS)
    return { playbackRate: config.nudgeRate, seekTo: null };
  if (lag < config.releaseBelowS) return { playbackRate: 1, seekTo: null };
  return keep;
}

function latestKeyframe(
  times: readonly number[],
  after: number,
  notAfter: number,
): number | null {
  let best: number | null = null;
  for (const t of times) {
    if (t > after && t <= notAfter && (best === null || t > best)) best = t;
  }
  return best;
}

/** How much buffer to keep behind the playhead, and the least worth one `remove` call. */
export const keepBehindS = 30;
const trimBatchS = 10;

/** The range to remove from the buffer, or null when too little is old enough. */
export function decideTrim(
  currentTime: number,
  ranges: readonly Range[],
): Range | null {
  const first = ranges[0];
  if (first === undefined) return null;
  const cutoff = currentTime - keepBehindS;
  if (cutoff - first[0] < trimBatchS) return null;
  return [first[0], cutoff];
}
