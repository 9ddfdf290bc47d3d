import type { User } from "../api/client";
import { Avatar } from "../components/Avatar";

/** Covers the video while the creator's camera is off: their avatar (or initials), not a black box. */
export function CameraPaused({ creator }: { creator: User }) {
  return (
    <div className="camera-paused" role="status">
      <Avatar user={creator} size="large" />
      <p>Camera paused</p>
    </div>
  );
}
