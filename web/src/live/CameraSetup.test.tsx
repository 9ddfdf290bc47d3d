import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FakeMediaStream } from "../test/fakes";
import { CameraSetup } from "./CameraSetup";
import { useCamera } from "./useCamera";

function Harness() {
  const camera = useCamera();
  return <CameraSetup camera={camera} />;
}

const getUserMedia = () => vi.mocked(navigator.mediaDevices.getUserMedia);

describe("CameraSetup", () => {
  it("explains before asking, then previews the camera and lists devices", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.getByText(/needs your/)).toHaveTextContent(
      "camera and microphone",
    );
    expect(getUserMedia()).not.toHaveBeenCalled();

    await user.click(
      screen.getByRole("button", { name: "Allow camera and microphone" }),
    );
    expect(await screen.findByLabelText("Camera preview")).toBeInTheDocument();
    expect(getUserMedia()).toHaveBeenCalledWith(
      expect.objectContaining({
        video: expect.any(Object),
        audio: expect.any(Object),
      }),
    );
    const cameraSelect = await screen.findByRole("combobox", {
      name: "Camera",
    });
    expect(
      screen.getByRole("option", { name: "Back camera" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Microphone" })).toHaveValue(
      "audio-default",
    );

    const first = (await getUserMedia().mock.results[0]!
      .value) as FakeMediaStream;
    getUserMedia().mockResolvedValueOnce(
      FakeMediaStream.withCameraAndMic("video-2") as unknown as MediaStream,
    );
    await user.selectOptions(cameraSelect, "video-2");
    await waitFor(() => expect(cameraSelect).toHaveValue("video-2"));
    expect(getUserMedia()).toHaveBeenLastCalledWith(
      expect.objectContaining({
        video: expect.objectContaining({ deviceId: { exact: "video-2" } }),
      }),
    );
    expect(first.getTracks().every((t) => t.readyState === "ended")).toBe(true);
  });

  it.each([
    ["NotAllowedError", /denied/],
    ["NotFoundError", /No camera or microphone was found/],
    ["NotReadableError", /busy/],
  ])("explains %s and offers to try again", async (name, message) => {
    getUserMedia().mockRejectedValueOnce(new DOMException("no", name));
    render(<Harness />);
    await userEvent.click(
      screen.getByRole("button", { name: "Allow camera and microphone" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByLabelText("Camera preview")).toBeInTheDocument();
  });

  it("stops the camera when the page goes away", async () => {
    const { unmount } = render(<Harness />);
    await userEvent.click(
      screen.getByRole("button", { name: "Allow camera and microphone" }),
    );
    await screen.findByLabelText("Camera preview");
    const stream = (await getUserMedia().mock.results[0]!
      .value) as FakeMediaStream;
    unmount();
    expect(stream.getTracks().every((t) => t.readyState === "ended")).toBe(
      true,
    );
  });
});
