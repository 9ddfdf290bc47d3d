import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import {
  getProfile,
  type LiveStream,
  type Profile,
  type User,
} from "../api/client";
import { useAuth } from "../app/AuthContext";
import { useServerEvents } from "../app/EventSocketContext";
import { Avatar } from "../components/Avatar";
import { ErrorMessage } from "../components/ErrorMessage";
import { FollowButton } from "../components/FollowButton";
import { EyeIcon } from "../components/Icons";
import { ProfileEditor } from "../components/ProfileEditor";
import { ShareButton } from "../components/ShareButton";
import { ReportButton } from "../moderation/ReportButton";
import { UserReels } from "../components/UserReels";
import { UpcomingLives } from "../schedule/UpcomingLives";
import { countOf, viewersLabel } from "../lib/plural";

/**
 * `/u/:handle`: who someone is (picture, name, bio, followers), follow and share, their live
 * stream if they are live, their upcoming lives, and their reels. On your own profile you edit name, bio and photo.
 */
export function ProfileScreen() {
  const { handle = "" } = useParams();
  const { user, replaceUser } = useAuth();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);

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

  function onFollowChange(following: boolean) {
    setProfile(
      (current) =>
        current && {
          ...current,
          isFollowing: following,
          followerCount: Math.max(
            0,
            current.followerCount + (following ? 1 : -1),
          ),
        },
    );
  }

  function onSaved(saved: User) {
    setProfile((current) => current && { ...current, user: saved });
    replaceUser(saved);
  }

  if (error !== null) return <ErrorMessage error={error} onRetry={retry} />;
  if (profile === null)
    return (
      <p className="muted" role="status">
        Loading profile…
      </p>
    );

  const shown = profile.user;
  const isMe = user?.id === shown.id;
  return (
    <section className="screen profile">
      <header className="profile-header">
        <Avatar user={shown} size="large" />
        <div className="profile-about">
          <h1>{shown.displayName}</h1>
          <p className="muted">@{shown.handle}</p>
          {shown.bio ? <p className="profile-bio">{shown.bio}</p> : null}
          <p>
            {countOf(profile.followerCount, "follower")} ·{" "}
            {profile.followingCount.toLocaleString("en")} following
          </p>
          <div className="row">
            <FollowButton
              handle={shown.handle}
              initialFollowing={user !== null ? profile.isFollowing : undefined}
              onChange={onFollowChange}
            />
            <ShareButton
              path={`/u/${encodeURIComponent(shown.handle)}`}
              title={`${shown.displayName} on onair`}
            />
            <ReportButton
              itemType="user"
              itemId={shown.id}
              subject={`@${shown.handle}`}
              ownerId={shown.id}
            />
          </div>
        </div>
      </header>
      {isMe ? <ProfileEditor user={shown} onSaved={onSaved} /> : null}
      <LiveNow stream={profile.liveStream} isMe={isMe} />
      <UpcomingLives creator={shown} isMe={isMe} />
      <UserReels handle={shown.handle} />
    </section>
  );
}

function LiveNow({
  stream,
  isMe,
}: {
  stream: LiveStream | null;
  isMe: boolean;
}) {
  if (stream === null || stream.status === "ended")
    return <p className="muted">Not live right now.</p>;
  const id = encodeURIComponent(stream.id);
  return (
    <section className="panel live-now" aria-labelledby="profile-live">
      <h2 id="profile-live" className="visually-hidden">
        Live now
      </h2>
      <span className={`pill ${stream.status === "live" ? "live" : ""}`}>
        {stream.status === "interrupted" ? "Paused" : "Live"}
      </span>
      <h3>{stream.title}</h3>
      <p className="muted">
        <EyeIcon /> {viewersLabel(stream.viewerCount)}
      </p>
      <div className="row">
        <Link className="button primary" to={`/live/${id}`}>
          Watch
        </Link>
        {isMe ? (
          <Link className="button secondary" to={`/live/${id}/broadcast`}>
            Broadcast controls
          </Link>
        ) : null}
      </div>
    </section>
  );
}
