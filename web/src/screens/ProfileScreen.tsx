import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import {
  follow,
  getProfile,
  unfollow,
  type LiveStream,
  type Profile,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import { useServerEvents } from "../app/EventSocketContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { EyeIcon } from "../components/Icons";
import { nounFor } from "../lib/plural";

/** `/u/:handle`: who someone is, follow/unfollow, and their live stream if they are live. */
export function ProfileScreen() {
  const { handle = "" } = useParams();
  const { user } = useAuth();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  // The screen remounts when the address changes (App keys it by path), so no reset is needed.
  const load = useCallback(() => {
    getProfile(handle).then(setProfile, setError);
  }, [handle]);
  useEffect(load, [load]);

  function retry() {
    setError(null);
    load();
  }

  // A stream event about this creator (went live, ended) refreshes the live card.
  useServerEvents((event) => {
    if (event.type !== "stream" || profile === null) return;
    const stream = (event as { stream?: LiveStream }).stream;
    if (stream?.author.id === profile.user.id) load();
  });

  async function toggleFollow() {
    if (profile === null) return;
    setBusy(true);
    setActionError(null);
    const following = profile.isFollowing;
    try {
      if (following) await unfollow(profile.user.handle);
      else await follow(profile.user.handle);
      setProfile({
        ...profile,
        isFollowing: !following,
        followerCount: Math.max(
          0,
          profile.followerCount + (following ? -1 : 1),
        ),
      });
    } catch (cause) {
      setActionError(friendlyMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  if (error !== null) return <ErrorMessage error={error} onRetry={retry} />;
  if (profile === null)
    return (
      <p className="muted" role="status">
        Loading profile…
      </p>
    );

  const isMe = user?.id === profile.user.id;
  const live = profile.liveStream;
  return (
    <section className="screen profile">
      <h1>{profile.user.displayName}</h1>
      <p className="muted">@{profile.user.handle}</p>
      <p>
        <strong>{profile.followerCount.toLocaleString("en")}</strong>{" "}
        {nounFor(profile.followerCount, "follower")} ·{" "}
        <strong>{profile.followingCount}</strong> following
      </p>
      {!isMe && user !== null ? (
        <button
          type="button"
          className={profile.isFollowing ? "secondary" : "primary"}
          onClick={toggleFollow}
          disabled={busy}
          aria-pressed={profile.isFollowing}
        >
          {profile.isFollowing ? "Unfollow" : "Follow"}
        </button>
      ) : null}
      {actionError !== null ? (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      {live !== null && live.status !== "ended" ? (
        <section className="panel live-now" aria-label="Live now">
          <span className={`pill ${live.status === "live" ? "live" : ""}`}>
            {live.status === "interrupted" ? "Paused" : "Live"}
          </span>
          <h2>{live.title}</h2>
          <p className="muted">
            <EyeIcon /> {live.viewerCount} watching
          </p>
          <div className="row">
            <Link
              className="button primary"
              to={`/live/${encodeURIComponent(live.id)}`}
            >
              Watch
            </Link>
            {isMe ? (
              <Link
                className="button secondary"
                to={`/live/${encodeURIComponent(live.id)}/broadcast`}
              >
                Broadcast controls
              </Link>
            ) : null}
          </div>
        </section>
      ) : (
        <p className="muted">Not live right now.</p>
      )}
    </section>
  );
}
