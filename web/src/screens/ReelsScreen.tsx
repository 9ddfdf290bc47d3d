import { useState } from "react";
import { Link } from "react-router";
import type { Reel } from "../api/client";
import { useAuth } from "../app/AuthContext";
import { LiveNowRow } from "../components/LiveNowRow";
import { ReelsFeed } from "../components/ReelsFeed";
import { UploadVideo } from "../components/UploadVideo";

/** Home: the reels feed, Upload Video and Go Live side by side, and who is live. */
export function ReelsScreen() {
  const { user } = useAuth();
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<Reel[]>([]);

  return (
    <section className="screen reels-screen">
      <div className="reels-actions">
        <h1>Reels</h1>
        <div className="row">
          <button
            type="button"
            className="secondary"
            aria-expanded={uploading}
            onClick={() => setUploading((u) => !u)}
          >
            Upload Video
          </button>
          <Link
            className="button primary go-live"
            to={user !== null ? "/live/new" : "/login?next=%2Flive%2Fnew"}
          >
            <span aria-hidden="true">●</span> Go Live
          </Link>
        </div>
      </div>
      {uploading ? (
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
      <LiveNowRow
        scope="all"
        title="All live streams"
        emptyText="No live streams right now."
      />
      <ReelsFeed prepend={uploaded} />
    </section>
  );
}
