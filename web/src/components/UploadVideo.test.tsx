import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, makeReel, mockSignedIn } from "../test/apiMock";
import { FakeXMLHttpRequest } from "../test/fakes";
import { renderWithApp } from "../test/render";
import { UploadVideo } from "./UploadVideo";

function video(type = "video/webm", size = 1000): File {
  return new File([new Uint8Array(size)], "clip.webm", { type });
}

async function fillAndSubmit(file: File, title = "My clip") {
  const user = userEvent.setup({ applyAccept: false });
  await user.upload(screen.getByLabelText("Video file (WebM or MP4)"), file);
  if (title !== "") await user.type(screen.getByLabelText("Title"), title);
  await user.click(screen.getByRole("button", { name: "Upload" }));
}

describe("UploadVideo", () => {
  it("sends the raw file with its type and title, shows real progress, then links the reel", async () => {
    mockSignedIn(new ApiMock());
    const onUploaded = vi.fn();
    renderWithApp(<UploadVideo onUploaded={onUploaded} />);
    const file = video();
    await fillAndSubmit(file);
    const xhr = FakeXMLHttpRequest.latest();
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/reels?title=My+clip");
    expect(xhr.headers["Content-Type"]).toBe("video/webm");
    expect(xhr.body).toBe(file);

    act(() => xhr.serverProgress(250, 1000));
    expect(screen.getByLabelText("Upload progress")).toHaveAttribute(
      "value",
      "25",
    );
    expect(screen.getByText("25%")).toBeInTheDocument();
    act(() => xhr.serverProgress(1000, 1000));
    expect(screen.getByText("100%")).toBeInTheDocument();

    const reel = makeReel({ id: "r42", title: "My clip" });
    act(() => xhr.serverRespond(201, { reel }));
    expect(await screen.findByText("Uploaded “My clip”.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View it" })).toHaveAttribute(
      "href",
      "/reels/r42",
    );
    expect(onUploaded).toHaveBeenCalledWith(reel);
  });

  it("cancels an upload in flight", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(<UploadVideo />);
    await fillAndSubmit(video("video/mp4"));
    const xhr = FakeXMLHttpRequest.latest();
    expect(xhr.headers["Content-Type"]).toBe("video/mp4");
    await userEvent.click(
      screen.getByRole("button", { name: "Cancel upload" }),
    );
    expect(xhr.aborted).toBe(true);
    await waitFor(() =>
      expect(
        screen.getByRole("button", { name: "Upload" }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("explains a server refusal such as payload_too_large", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(<UploadVideo />);
    await fillAndSubmit(video());
    act(() =>
      FakeXMLHttpRequest.latest().serverRespond(413, {
        error: { code: "payload_too_large", message: "too big" },
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That file is too large to upload.",
    );
  });

  it("accepts only WebM and MP4 files and needs a title", async () => {
    mockSignedIn(new ApiMock());
    renderWithApp(<UploadVideo />);
    await fillAndSubmit(new File(["x"], "a.avi", { type: "video/x-msvideo" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Only WebM and MP4");
    await userEvent.clear(screen.getByLabelText("Title"));
    await fillAndSubmit(video(), "");
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Give the video a title.",
    );
    expect(FakeXMLHttpRequest.instances).toHaveLength(0);
  });
});
