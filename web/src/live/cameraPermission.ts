/**
 * True when this site may already use both the camera and the microphone, so the preview can
 * start without asking. False when unknown: some browsers throw on these permission names.
 */
export async function cameraAndMicrophoneGranted(): Promise<boolean> {
  if (navigator.permissions?.query === undefined) return false;
  try {
    const [camera, microphone] = await Promise.all(
      (["camera", "microphone"] as const).map((name) =>
        navigator.permissions.query({ name: name as PermissionName }),
      ),
    );
    return camera?.state === "granted" && microphone?.state === "granted";
  } catch {
    return false;
  }
}
