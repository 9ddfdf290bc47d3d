import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { follow, getProfile, unfollow } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";

interface Props {
  handle: string;
  /** Whether the viewer follows `handle` already; when undefined the profile is asked. */
  initialFollowing?: boolean;
  onChange?: (following: boolean) => void;
}

/**
 * Follow / unfollow a creator. Hidden on the viewer's own handle; a visitor gets a link to sign
 * in that brings them back here.
 */
export function FollowButton({ handle, initialFollowing, onChange }: Props) {
  const { status, user } = useAuth();
  const location = useLocation();
  // What this button learnt (the profile's answer, or its own click) about `handle`.
  const [known, setKnown] = useState<{
    handle: string;
    following: boolean;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = user !== null;
  const own = user?.handle === handle;
  const following =
    known?.handle === handle ? known.following : initialFollowing;
  const unknown = following === undefined;

  useEffect(() => {
    if (!unknown || !signedIn || own) return;
    let cancelled = false;
    getProfile(handle).then(
      (profile) => {
        if (!cancelled) setKnown({ handle, following: profile.isFollowing });
      },
      () => {
        // Unknown: offer "Follow"; following twice is harmless.
        if (!cancelled) setKnown({ handle, following: false });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [handle, unknown, signedIn, own]);

  if (status === "loading" || own) return null;
  if (!signedIn) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <Link className="button follow-button" to={`/login?next=${next}`}>
        Sign in to follow
      </Link>
    );
  }

  async function toggle() {
    const nowFollowing = !following;
    setBusy(true);
    setError(null);
    try {
      if (nowFollowing) await follow(handle);
      else await unfollow(handle);
      setKnown({ handle, following: nowFollowing });
      onChange?.(nowFollowing);
    } catch (cause) {
      setError(friendlyMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="follow-button">
      {/* Named for the action, like the other live controls: not a toggle whose label flips. */}
      <button
        type="button"
        className={following ? undefined : "primary"}
        disabled={busy || following === undefined}
        onClick={toggle}
      >
        {following ? "Unfollow" : "Follow"}
      </button>
      {error !== null ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
