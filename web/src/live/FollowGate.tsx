import { useState } from "react";
import { Link } from "react-router";
import { follow, type User } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";

interface Props {
  author: User | null;
  onFollowed: () => void;
  /** What the gate is in front of. */
  what?: "stream" | "reel";
}

/** The 403 followers_only gate: follow the creator, then the caller joins again. */
export function FollowGate({ author, onFollowed, what = "stream" }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onFollow() {
    if (author === null) return;
    setBusy(true);
    setError(null);
    try {
      await follow(author.handle);
      onFollowed();
    } catch (cause) {
      setError(friendlyMessage(cause));
      setBusy(false);
    }
  }

  return (
    <section className="panel gate">
      <h2>Followers only</h2>
      <p>
        Only followers of{" "}
        {author !== null ? (
          <Link to={`/u/${encodeURIComponent(author.handle)}`}>
            {author.displayName || `@${author.handle}`}
          </Link>
        ) : (
          "this creator"
        )}{" "}
        can watch this {what}.
      </p>
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {author !== null ? (
        <button
          type="button"
          className="primary"
          onClick={onFollow}
          disabled={busy}
        >
          {busy ? "Following…" : `Follow @${author.handle} to watch`}
        </button>
      ) : null}
    </section>
  );
}
