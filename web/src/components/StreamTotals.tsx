import type { StreamInsights } from "../api/client";
import { countOf } from "../lib/plural";
import { formatSpan } from "../lib/time";
import { Stat } from "./Stat";

/** What a live stream came to: its length, audience and engagement, as stat cards. */
export function StreamTotals({ insights: i }: { insights: StreamInsights }) {
  return (
    <dl className="stat-cards">
      <Stat label="Duration" value={formatSpan(i.durationMs)} />
      <Stat label="Peak viewers" value={i.peakViewers} />
      <Stat label="Unique viewers" value={i.uniqueViewers} />
      <Stat label="Watch time" value={formatSpan(i.totalWatchMs)} />
      <Stat label="Chat messages" value={i.chatMessages} />
      <Stat label="Reactions" value={i.reactions} />
      <Stat label="New followers" value={i.newFollowers} />
      <Stat label="Revenue" value={countOf(i.revenueCredits, "credit")} />
    </dl>
  );
}
