import { useState } from "react";
import { Link } from "react-router";
import type { Reel } from "../api/client";
import { useAuth } from "../app/AuthContext";
import { LiveNowRow } from "../components/LiveNowRow";
import { ReelsFeed } from "../components/ReelsFeed";
import { UploadVideo } from "../components/UploadVideo";
import { UpcomingFromFollowed } from "../schedule/UpcomingFromFollowed";

/**
 * Home: Upload Video, Schedule and Go Live side by side at the top, who is live, upcoming lives
 * (the user's own and those of creators they follow), and the reels feed. A visitor sees who is
 * live and the feed, with an invitation to sign up instead of the buttons.
 */
export function ReelsScreen() {
  const { status, user } = useAuth();
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<Reel[]>([]);

  return (
    <section className="screen reels-screen">
      <div className="reels-actions">
        <h1>Reels</h1>
        {user !== null ? (
          <div className="row">
            <button
              type="button"
              className="secondary"
              aria-expanded={uploading}
              onClick={() => setUploading((u) => !u)}
            >
              Upload Video
            </button>
            <Link className="button secondary" to="/scheduled/new">
              Schedule
            </Link>
            <Link className="button primary go-live" to="/live/new">
              <span aria-hidden="true">●</span> Go Live
            </Link>
          </div>
        ) : null}
      </div>
      {status === "signedOut" ? <JoinInvitation /> : null}
      {uploading && user !== null ? (
        <UploadVideo
          onUploaded={(reel) => setUploaded((list) => [reel, ...list])}
          onClose={() => setUploading(false)}
        />
      ) : null}
      {user !== null ? (
        <LiveNowRow
          scope="following"
          title="Live now from people you follow"
          emptyText="No one you follow is live right now."
        />
      ) : null}
      {user !== null ? <UpcomingFromFollowed /> : null}
      {status !== "loading" ? (
        <LiveNowRow
          scope="all"
          title={user !== null ? "All live streams" : "Live now"}
          emptyText="No live streams right now."
        />
      ) : null}
      <ReelsFeed prepend={uploaded} />
    </section>
  );
}

function JoinInvitation() {
  return (
    <aside className="panel join-invitation" aria-labelledby="join-heading">
      <h2 id="join-heading">Join onair</h2>
      <p>
        Sign up to follow creators, chat and react during live streams, and go
        live yourself.
      </p>
      <div className="row">
        <Link className="button primary" to="/signup">
          Sign up
        </Link>
        <Link className="button secondary" to="/login">
          Log in
        </Link>
      </div>
    </aside>
  );
}
