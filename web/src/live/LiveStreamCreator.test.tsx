import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import {
  ApiMock,
  apiError,
  makeStream,
  makeUser,
  mockSignedIn,
} from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { readPublishCredentials, takeHandedOffMedia } from "./broadcastHandoff";
import { LiveStreamCreator } from "./LiveStreamCreator";

const publish = {
  backend: "builtin",
  url: "ws://127.0.0.1:8080/live/s1/publish",
  token: "pub",
};

async function allowCamera(user: ReturnType<typeof userEvent.setup>) {
  await user.click(
    screen.getByRole("button", { name: "Allow camera and microphone" }),
  );
  await screen.findByLabelText("Camera preview");
}

describe("LiveStreamCreator", () => {
  it("shows validation messages beside the fields and sends nothing", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock());
    renderWithApp(<LiveStreamCreator />);
    await allowCamera(user);
    await user.click(screen.getByRole("radio", { name: "Paid" }));
    await user.type(screen.getByLabelText("Description (optional)"), "d");
    await user.click(screen.getByRole("button", { name: "Go live" }));

    // The title may stay empty; the price may not.
    expect(screen.getByLabelText("Title")).not.toHaveAttribute(
      "aria-invalid",
      "true",
    );
    const price = screen.getByLabelText("Price in credits");
    expect(price).toHaveAccessibleDescription(
      /^Set a price for paid streams\./,
    );
    expect(price).toHaveFocus();
    expect(api.callsTo("POST /api/live-streams")).toHaveLength(0);

    await user.type(screen.getByLabelText("Price in credits"), "100001");
    await user.click(screen.getByRole("button", { name: "Go live" }));
    expect(
      screen.getByLabelText("Price in credits"),
    ).toHaveAccessibleDescription(/between 1 and 100,000/);
    expect(screen.getByText(/^1 credit = \$0\.01/)).toHaveTextContent(
      "1 credit = $0.01 · 100001 credits = $1000.01",
    );
    expect(api.callsTo("POST /api/live-streams")).toHaveLength(0);
  });

  it("needs the camera before going live", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock());
    renderWithApp(<LiveStreamCreator />);
    await user.type(screen.getByLabelText("Title"), "Hello");
    await user.click(screen.getByRole("button", { name: "Go live" }));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Turn on your camera and microphone",
    );
    expect(api.callsTo("POST /api/live-streams")).toHaveLength(0);
  });

  it("creates the stream, hands the camera and credentials over, and opens the broadcaster page", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(new ApiMock()).on("POST /api/live-streams", {
      status: 201,
      body: { stream: makeStream({ id: "s1", status: "created" }), publish },
    });
    renderWithApp(<LiveStreamCreator />, {
      route: "/live/new",
      path: "/live/new",
    });
    await allowCamera(user);
    await user.type(screen.getByLabelText("Title"), "  Cooking  ");
    await user.click(screen.getByRole("radio", { name: /Sensitive/ }));
    await user.click(screen.getByRole("radio", { name: "Paid" }));
    await user.type(screen.getByLabelText("Price in credits"), "250");
    await user.click(screen.getByRole("button", { name: "Go live" }));

    await waitFor(() =>
      expect(screen.getByTestId("location")).toHaveTextContent(
        "/live/s1/broadcast",
      ),
    );
    expect(api.callsTo("POST /api/live-streams")[0]?.body).toEqual({
      title: "Cooking",
      sensitivity: "sensitive",
      gating: "paid",
      priceCredits: 250,
    });
    const media = takeHandedOffMedia("s1");
    expect(media).not.toBeNull();
    expect(media!.getTracks().every((t) => t.readyState === "live")).toBe(true); // not stopped on unmount
    expect(readPublishCredentials("s1")).toEqual(publish);
  });

  it("puts a server validation error next to the field it names", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on("POST /api/live-streams", {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "Title contains forbidden words",
          details: { field: "title" },
        },
      },
    });
    renderWithApp(<LiveStreamCreator />);
    await allowCamera(user);
    await user.type(screen.getByLabelText("Title"), "bad");
    await user.click(screen.getByRole("button", { name: "Go live" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Title")).toHaveAccessibleDescription(
        /^Title contains forbidden words/,
      ),
    );
  });

  it("explains already_live in words", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock()).on(
      "POST /api/live-streams",
      apiError(409, "already_live"),
    );
    renderWithApp(<LiveStreamCreator />);
    await allowCamera(user);
    await user.type(screen.getByLabelText("Title"), "again");
    await user.click(screen.getByRole("button", { name: "Go live" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You already have a live stream open",
    );
    expect(screen.getByRole("button", { name: "Go live" })).toBeEnabled();
  });

  it("sends a default title when the title is left empty", async () => {
    const user = userEvent.setup();
    const api = mockSignedIn(
      new ApiMock(),
      makeUser({ displayName: "Alice" }),
    ).on("POST /api/live-streams", {
      status: 201,
      body: { stream: makeStream({ id: "s1", status: "created" }), publish },
    });
    renderWithApp(<LiveStreamCreator />);
    await allowCamera(user);
    expect(await screen.findByLabelText("Title")).toHaveAttribute(
      "placeholder",
      "Alice's live",
    );
    await user.click(screen.getByRole("button", { name: "Go live" }));
    await waitFor(() =>
      expect(api.callsTo("POST /api/live-streams")[0]?.body).toMatchObject({
        title: "Alice's live",
      }),
    );
  });

  it("moves focus to the preview once the camera is allowed", async () => {
    const user = userEvent.setup();
    mockSignedIn(new ApiMock());
    renderWithApp(<LiveStreamCreator />);
    await allowCamera(user);
    await waitFor(() =>
      expect(screen.getByLabelText("Camera preview")).toHaveFocus(),
    );
  });

  it("starts the preview by itself when camera and microphone are already allowed", async () => {
    const query = vi.fn(() => Promise.resolve({ state: "granted" }));
    vi.stubGlobal("navigator", {
      ...navigator,
      mediaDevices: navigator.mediaDevices,
      permissions: { query },
    });
    mockSignedIn(new ApiMock());
    renderWithApp(<LiveStreamCreator />);
    expect(await screen.findByLabelText("Camera preview")).toBeInTheDocument();
    expect(query.mock.calls).toEqual([
      [{ name: "camera" }],
      [{ name: "microphone" }],
    ]);
    expect(screen.getByLabelText("Camera preview")).not.toHaveFocus();
  });

  it("waits for the click when the browser cannot say (it throws on these names)", async () => {
    vi.stubGlobal("navigator", {
      ...navigator,
      mediaDevices: navigator.mediaDevices,
      permissions: {
        query: vi.fn(() => Promise.reject(new TypeError("bad name"))),
      },
    });
    mockSignedIn(new ApiMock());
    renderWithApp(<LiveStreamCreator />);
    expect(
      await screen.findByRole("button", {
        name: "Allow camera and microphone",
      }),
    ).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByLabelText("Camera preview")).toBeNull();
  });
});
