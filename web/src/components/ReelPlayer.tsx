import { useCallback, useEffect, useRef, useState } from "react";
import {
  ApiError,
  checkReelAccess,
  logClientEvent,
  type Reel,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import { FollowGate } from "../live/FollowGate";
import { Paywall } from "../live/Paywall";
import { SensitiveGate } from "../live/SensitiveGate";
import { ErrorMessage } from "./ErrorMessage";

type Access =
  | { kind: "checking" }
  | { kind: "open" }
  | { kind: "sensitive" }
  | { kind: "paywall"; priceCredits: number | null }
  | { kind: "followersOnly" }
  | { kind: "error"; error: unknown };

interface Props {
  reel: Reel;
  /** "feed": muted autoplay in a loop, sound from the feed's toggle; "page": with controls. */
  variant: "feed" | "page";
  /** Feed only: the feed's sound setting. */
  muted?: boolean;
  /** Autoplay with sound was refused, so the player muted itself. */
  onMutedChange?: (muted: boolean) => void;
}

function gateFor(error: unknown): Access {
  if (error instanceof ApiError) {
    if (error.code === "payment_required") {
      const price = error.details.priceCredits;
      return {
        kind: "paywall",
        priceCredits: typeof price === "number" ? price : null,
      };
    }
    if (error.code === "followers_only") return { kind: "followersOnly" };
  }
  return { kind: "error", error };
}

/**
 * Plays one reel, or shows what stands in front of it: the paywall of a paid reel, the follow
 * prompt of a followers-only reel, the sensitive-content interstitial — never a broken video.
 * Gated reels of other creators are checked first (one byte of the media, which the server gates).
 */
export function ReelPlayer({
  reel,
  variant,
  muted: feedMuted = true,
  onMutedChange,
}: Props) {
  const { user, status } = useAuth();
  /** Until we know who is watching, we do not know whether a gate applies. */
  const whoUnknown = status === "loading";
  const own = user !== null && (user.id === reel.author.id || user.isAdmin);
  const needsCheck = reel.gating !== "public" && !own;
  const [acknowledged, setAcknowledged] = useState(false);
  const [checked, setAccess] = useState<Access>(() =>
    reel.gating !== "public" ? { kind: "checking" } : { kind: "open" },
  );
  const [pageMuted, setPageMuted] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const videoRef = useRef<HTMLVideoElement>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const muted = variant === "feed" ? feedMuted : pageMuted;

  /** Asks the server whether the video will play, and opens it or shows its gate. */
  const probe = useCallback(() => {
    checkReelAccess(reel).then(
      () => {
        if (alive.current) setAccess({ kind: "open" });
      },
      (error: unknown) => {
        if (alive.current) setAccess(gateFor(error));
      },
    );
  }, [reel]);

  function checkAgain() {
    setAccess({ kind: "checking" });
    probe();
  }

  const sensitivePending =
    reel.sensitivity === "sensitive" && !own && !acknowledged;
  // Gated reels of other creators: ask first (after the sensitive-content choice).
  useEffect(() => {
    if (!whoUnknown && !sensitivePending && needsCheck) probe();
  }, [whoUnknown, sensitivePending, needsCheck, probe]);

  let access: Access = checked;
  if (whoUnknown && (reel.gating !== "public" || sensitivePending))
    access = { kind: "checking" };
  else if (sensitivePending) access = { kind: "sensitive" };
  else if (!needsCheck && checked.kind === "checking")
    access = { kind: "open" };

  // Autoplay. When sound is refused without a user gesture, play muted; when even that is
  // refused, offer a play button.
  const open = access.kind === "open";
  useEffect(() => {
    const video = videoRef.current;
    if (!open || video === null) return;
    video.muted = variant === "feed" ? feedMuted : false;
    const refused = (error: unknown) =>
      error instanceof DOMException && error.name === "NotAllowedError";
    video.play()?.catch((error: unknown) => {
      if (!alive.current || !refused(error)) return;
      if (!video.muted) {
        video.muted = true;
        if (variant === "page") setPageMuted(true);
        onMutedChange?.(true);
        video.play()?.catch((again: unknown) => {
          if (alive.current && refused(again)) setBlocked(true);
        });
      } else {
        setBlocked(true);
      }
    });
    // Only for a new video (or a retry); the sound setting alone does not restart playback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, reel.id, attempt, variant]);

  function onVideoError() {
    const error = videoRef.current?.error;
    logClientEvent({
      kind: "playback_error",
      message: error?.message || "reel video failed",
      detail: { reelId: reel.id, code: error?.code ?? null },
    });
    // The server may have refused the media (e.g. a purchase is missing): ask it why.
    setBlocked(false);
    setAccess({ kind: "checking" });
    checkReelAccess(reel).then(
      () => {
        if (alive.current)
          setAccess({
            kind: "error",
            error: new ApiError(
              0,
              "playback_failed",
              "This video could not be played.",
            ),
          });
      },
      (cause: unknown) => {
        if (alive.current) setAccess(gateFor(cause));
      },
    );
  }

  function playNow() {
    setBlocked(false);
    videoRef.current?.play()?.catch(() => setBlocked(true));
  }

  switch (access.kind) {
    case "checking":
      return (
        <div className="reel-placeholder">
          <p className="muted" role="status">
            Loading…
          </p>
        </div>
      );
    case "sensitive":
      return (
        <div className="reel-placeholder">
          <SensitiveGate
            title={reel.title}
            onContinue={() => setAcknowledged(true)}
          />
        </div>
      );
    case "paywall":
      return (
        <div className="reel-placeholder">
          <Paywall
            itemType="reel"
            itemId={reel.id}
            priceCredits={access.priceCredits ?? reel.priceCredits}
            title={reel.title}
            onPurchased={checkAgain}
          />
        </div>
      );
    case "followersOnly":
      return (
        <div className="reel-placeholder">
          <FollowGate
            author={reel.author}
            what="reel"
            onFollowed={checkAgain}
          />
        </div>
      );
    case "error":
      return (
        <div className="reel-placeholder">
          <ErrorMessage
            error={access.error}
            onRetry={() => {
              setAttempt((n) => n + 1);
              checkAgain();
            }}
          />
        </div>
      );
    case "open":
      return (
        <div className="reel-player">
          <video
            key={`${reel.id}-${attempt}`}
            ref={videoRef}
            className="reel-video"
            src={reel.videoUrl}
            poster={reel.thumbnailUrl || undefined}
            autoPlay
            muted={muted}
            loop={variant === "feed"}
            controls={variant === "page"}
            playsInline
            preload="auto"
            aria-label={reel.title}
            onError={onVideoError}
            onVolumeChange={(event) => {
              if (variant === "page") setPageMuted(event.currentTarget.muted);
            }}
          />
          {blocked ? (
            <button
              type="button"
              className="primary play-button"
              onClick={playNow}
            >
              Play
            </button>
          ) : null}
        </div>
      );
  }
}
