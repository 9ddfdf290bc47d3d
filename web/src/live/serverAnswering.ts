import { useEffect, useState } from "react";
import { ApiError, checkServer } from "../api/client";

/** How long after an answer the next question goes out. */
export const probeIntervalMs = 1000;
/** An answer later than this counts as none: the server is not answering. */
export const probeDeadlineMs = 2000;

/**
 * While `active`, asks the server (`GET /healthz`) about once a second whether it answers: false
 * once a question has gone unanswered for 2 s or could not be sent, true again with the next
 * answer. So a
 * stalled server is noticed within about 3 s. One question at a time: a hung one is waited for.
 */
export function useServerAnswering(active: boolean): boolean {
  const [answering, setAnswering] = useState(true);

  useEffect(() => {
    if (!active) return undefined;
    const controller = new AbortController();
    let next: ReturnType<typeof setTimeout> | null = null;
    let deadline: ReturnType<typeof setTimeout> | null = null;
    const settle = (answered: boolean) => {
      if (controller.signal.aborted) return;
      if (deadline !== null) clearTimeout(deadline);
      setAnswering(answered);
      next = setTimeout(ask, probeIntervalMs);
    };
    function ask() {
      deadline = setTimeout(() => setAnswering(false), probeDeadlineMs);
      // Any HTTP answer, even an error, shows the server is there; a failed request does not.
      checkServer(controller.signal).then(
        () => settle(true),
        (error: unknown) =>
          settle(error instanceof ApiError && error.status > 0),
      );
    }
    ask();
    return () => {
      controller.abort();
      if (next !== null) clearTimeout(next);
      if (deadline !== null) clearTimeout(deadline);
    };
  }, [active]);

  return active ? answering : true;
}
