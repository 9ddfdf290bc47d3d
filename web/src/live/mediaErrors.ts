/** What to tell the user when the camera or microphone cannot be opened. */
export function describeMediaError(error: unknown): string {
  const name =
    error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Camera and microphone access was denied. Allow access for this site in your browser settings (the camera icon in the address bar), then try again.";
    case "NotFoundError":
    case "DevicesNotFoundError":
      return "No camera or microphone was found. Connect one and try again.";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "Your camera or microphone is busy — another app or tab may be using it. Close it and try again.";
    case "OverconstrainedError":
      return "The selected camera or microphone is not available any more. Pick another one.";
    case "NotSupportedError":
      return "This browser cannot use a camera here. Open onair over HTTPS in a current browser.";
    default:
      return "The camera or microphone could not be started. Try again.";
  }
}
