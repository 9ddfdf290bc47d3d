import { describe, expect, it } from "vitest";
import {
  clientEventLabel,
  endReasonLabel,
  humanizeCode,
  mediaBackendLabel,
  statusLabel,
  timelineLabel,
} from "./labels";

describe("operator labels", () => {
  it("names the codes it knows", () => {
    expect(statusLabel("interrupted")).toBe("Interrupted");
    expect(endReasonLabel("ended_by_admin")).toBe("by an operator");
    expect(timelineLabel("live")).toBe("Went live");
    expect(clientEventLabel("playback_error")).toBe("Playback errors");
    expect(mediaBackendLabel("builtin")).toBe("Built-in relay");
  });

  it("shows codes it does not know readably instead of hiding them", () => {
    expect(timelineLabel("client:publish_error")).toBe("Client publish error");
    expect(clientEventLabel("camera_denied")).toBe("Camera denied");
    expect(endReasonLabel("toString")).toBe("ToString");
    expect(humanizeCode("")).toBe("");
  });
});
