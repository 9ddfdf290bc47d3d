import { useState } from "react";

interface Props {
  /** An in-app path, e.g. `/live/s1`. */
  path: string;
  /** What is shared, for the system share sheet. */
  title: string;
}

type Outcome = { kind: "copied" } | { kind: "failed"; url: string } | null;

/** Shares a link to `path` with the system share sheet, or copies it to the clipboard. */
export function ShareButton({ path, title }: Props) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const canShare = typeof navigator.share === "function";

  async function share() {
    const url = new URL(path, window.location.origin).href;
    setOutcome(null);
    if (canShare) {
      try {
        await navigator.share({ title, url });
        return;
      } catch (cause) {
        if (cause instanceof DOMException && cause.name === "AbortError")
          return; // the user closed the share sheet
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setOutcome({ kind: "copied" });
    } catch {
      setOutcome({ kind: "failed", url });
    }
  }

  return (
    <span className="share-button">
      <button type="button" onClick={share}>
        {canShare ? "Share" : "Copy link"}
      </button>
      <span role="status" aria-live="polite" className="share-status">
        {outcome?.kind === "copied" ? "Link copied" : null}
      </span>
      {outcome?.kind === "failed" ? (
        <span className="error-text" role="alert">
          Could not copy the link. Copy it from here:{" "}
          <input
            type="text"
            readOnly
            aria-label="Link to share"
            value={outcome.url}
            onFocus={(event) => event.currentTarget.select()}
          />
        </span>
      ) : null}
    </span>
  );
}
