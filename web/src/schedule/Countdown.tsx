import { useState } from "react";
import { useNow } from "../lib/time";
import { countdownAnnouncement, countdownText } from "./countdown";

interface Props {
  startsAt: string;
  /**
   * Tell screen readers as thresholds pass (an hour, 30, 15, 10, 5, 1 minute left, then
   * "starting any moment"): for the one countdown of a page, not for each one in a list.
   */
  announce?: boolean;
}

/**
 * "Starts in 19 min 08 s", updated every second; "Starting any moment" once due. The ticking
 * text is a timer, which screen readers do not announce; with `announce`, a hidden live region
 * speaks only when a threshold passes (it stays empty until the first one, so reading the page
 * does not say the time twice).
 */
export function Countdown({ startsAt, announce = false }: Props) {
  const now = useNow(1000);
  const msLeft = Date.parse(startsAt) - now;
  const text = countdownText(msLeft);
  const announcement = countdownAnnouncement(msLeft);
  const [first] = useState(announcement);
  return (
    <span className="countdown">
      <span role="timer">
        {text === null ? "Starting any moment" : `Starts in ${text}`}
      </span>
      {announce ? (
        <span className="visually-hidden" role="status">
          {announcement === first ? "" : announcement}
        </span>
      ) : null}
    </span>
  );
}
