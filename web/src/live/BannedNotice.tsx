import { useEffect, useState } from "react";
import type { User } from "../api/client";
import { banSentence } from "../api/errorMessages";

/** setTimeout's longest delay; a later end is checked again then. */
const maxDelayMs = 2_147_483_647;

interface Props {
  /** When the time-out ends; null: banned for good. */
  until: string | null;
  creator: Pick<User, "handle"> | null;
  /** Offered once a time-out is over: join the stream again. */
  onWatchAgain: () => void;
}

/** What a viewer banned from the creator's streams sees instead of the video and the chat. */
export function BannedNotice({ until, creator, onWatchAgain }: Props) {
  const end = until === null ? null : Date.parse(until);
  const [over, setOver] = useState(
    () => end !== null && !Number.isNaN(end) && end <= Date.now(),
  );

  useEffect(() => {
    if (end === null || Number.isNaN(end)) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = () => {
      const left = end - Date.now();
      if (left <= 0) setOver(true);
      else timer = setTimeout(wait, Math.min(left, maxDelayMs));
    };
    wait();
    return () => clearTimeout(timer);
  }, [end]);

  return (
    <section className="panel gate banned-notice">
      <h2>{until === null ? "Banned" : "Timed out"}</h2>
      <p role="alert">{banSentence(until, creator?.handle)}.</p>
      {until === null ? null : over ? (
        <button type="button" className="primary" onClick={onWatchAgain}>
          Watch again
        </button>
      ) : (
        <p className="muted">You can watch and chat again after that.</p>
      )}
    </section>
  );
}
