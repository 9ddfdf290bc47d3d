import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { createScheduledLive } from "../api/client";
import { useAuth } from "../app/AuthContext";
import { defaultTitleFor } from "../live/streamForm";
import { ScheduleForm } from "./ScheduleForm";
import { emptyScheduleForm, toScheduleInput } from "./scheduleForm";

/** What the entry page says after a new entry was made (router state). */
export interface ScheduledState {
  justScheduled: number;
}

/** `/scheduled/new`: announce a live ahead (followers are told), then open its page. */
export function ScheduleLiveScreen() {
  const navigate = useNavigate();
  const { user } = useAuth();
  const defaultTitle = defaultTitleFor(user?.displayName ?? "");
  const [initial] = useState(() => emptyScheduleForm());

  return (
    <section className="screen creator">
      <h1>Schedule a live</h1>
      <p className="muted">
        Your followers are told, and anyone can ask to be reminded 10 minutes
        before. Ready now? <Link to="/live/new">Go live instead</Link>.
      </p>
      <ScheduleForm
        label="Schedule a live"
        initial={initial}
        defaultTitle={defaultTitle}
        withRepeat
        submitLabel="Schedule"
        submittingLabel="Scheduling…"
        onSubmit={async (values) => {
          const { scheduled, occurrences } = await createScheduledLive(
            toScheduleInput(values, defaultTitle),
          );
          const state: ScheduledState = {
            justScheduled: occurrences?.length ?? 1,
          };
          navigate(`/scheduled/${encodeURIComponent(scheduled.id)}`, {
            state,
          });
        }}
      />
    </section>
  );
}
