import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { getReel, type Reel } from "../api/client";
import { Avatar } from "../components/Avatar";
import { ErrorMessage } from "../components/ErrorMessage";
import { ReelPlayer } from "../components/ReelPlayer";
import { ShareButton } from "../components/ShareButton";
import { ReportButton } from "../moderation/ReportButton";
import { formatDuration } from "../lib/time";

/** `/reels/:id`: one reel, e.g. a saved live stream. */
export function ReelScreen() {
  const { id = "" } = useParams();
  const [reel, setReel] = useState<Reel | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    getReel(id).then(({ reel: loaded }) => setReel(loaded), setError);
  }, [id]);
  useEffect(load, [load]);

  if (error !== null) {
    return (
      <ErrorMessage
        error={error}
        onRetry={() => {
          setError(null);
          load();
        }}
      />
    );
  }
  if (reel === null)
    return (
      <p className="muted" role="status">
        Loading reel…
      </p>
    );
  return (
    <section className="screen reel-screen">
      <h1>{reel.title}</h1>
      <ReelPlayer key={reel.id} reel={reel} variant="page" />
      <p className="muted reel-byline">
        <Avatar user={reel.author} />
        <Link to={`/u/${encodeURIComponent(reel.author.handle)}`}>
          @{reel.author.handle}
        </Link>{" "}
        · {formatDuration(reel.durationMs)}
        {reel.sourceStreamId !== null ? " · recorded live" : ""}
      </p>
      <div className="row">
        <ShareButton
          path={`/reels/${encodeURIComponent(reel.id)}`}
          title={reel.title}
        />
        <ReportButton
          itemType="reel"
          itemId={reel.id}
          subject="this reel"
          ownerId={reel.author.id}
        />
      </div>
      {reel.description !== "" ? <p>{reel.description}</p> : null}
    </section>
  );
}
