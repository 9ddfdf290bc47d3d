import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { User } from "../api/client";
import { ApiMock, apiError, makeUser, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ProfileEditor } from "./ProfileEditor";

const me = makeUser({ displayName: "Alice", bio: "Runner." });

function renderEditor(user: User = me) {
  const onSaved = vi.fn();
  renderWithApp(<ProfileEditor user={user} onSaved={onSaved} />);
  return onSaved;
}

async function openEditor() {
  const toggle = screen.getByRole("button", { name: "Edit profile" });
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  await userEvent.click(toggle);
  expect(toggle).toHaveAttribute("aria-expanded", "true");
  return within(screen.getByRole("form", { name: "Edit profile" }));
}

function image(type: string, bytes: number, name = "me.png"): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

describe("ProfileEditor", () => {
  it("saves the display name and bio and says so", async () => {
    const saved = { ...me, displayName: "Alice B", bio: "Runner.\nCook." };
    const api = mockSignedIn(new ApiMock(), me).on("PATCH /api/me", {
      status: 200,
      body: { user: saved },
    });
    const onSaved = renderEditor();
    const form = await openEditor();
    const name = form.getByLabelText("Display name");
    expect(name).toHaveValue("Alice");
    await userEvent.clear(name);
    await userEvent.type(name, "  Alice B ");
    await userEvent.type(form.getByLabelText("Bio"), "{Enter}Cook.");
    expect(form.getByText("13 / 300")).toBeInTheDocument();
    await userEvent.click(form.getByRole("button", { name: "Save" }));

    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(api.callsTo("PATCH /api/me")[0]?.body).toEqual({
      displayName: "Alice B",
      bio: "Runner.\nCook.",
    });
    expect(screen.getByRole("status")).toHaveTextContent("Profile saved.");
    expect(
      screen.queryByRole("form", { name: "Edit profile" }),
    ).not.toBeInTheDocument();
  });

  it("checks the fields before asking the server", async () => {
    const api = mockSignedIn(new ApiMock(), me);
    renderEditor();
    const form = await openEditor();
    await userEvent.clear(form.getByLabelText("Display name"));
    await userEvent.click(form.getByLabelText("Bio"));
    await userEvent.paste("x".repeat(294)); // after "Runner."
    await userEvent.click(form.getByRole("button", { name: "Save" }));

    const name = form.getByLabelText("Display name");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Enter a display name.");
    const bio = form.getByLabelText("Bio");
    expect(bio).toHaveAttribute("aria-invalid", "true");
    expect(bio).toHaveAccessibleDescription(
      "Use at most 300 characters. 301 / 300",
    );
    expect(api.callsTo("PATCH /api/me")).toHaveLength(0);
  });

  it("shows the server's validation error at its field", async () => {
    mockSignedIn(new ApiMock(), me).on("PATCH /api/me", {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: "displayName must not contain control characters",
          details: { field: "displayName" },
        },
      },
    });
    const onSaved = renderEditor();
    const form = await openEditor();
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    expect(
      await form.findByText("displayName must not contain control characters"),
    ).toBeInTheDocument();
    expect(form.getByLabelText("Display name")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(form.getByLabelText("Bio")).toHaveAttribute("aria-invalid", "false");
    expect(form.getByRole("alert")).toHaveTextContent(
      "Check the highlighted fields",
    );
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("uploads a new photo as the file itself, typed", async () => {
    const saved = { ...me, avatarUrl: "/media/avatars/u1?v=2" };
    const api = mockSignedIn(new ApiMock(), me).on("PUT /api/me/avatar", {
      status: 200,
      body: { user: saved },
    });
    const onSaved = renderEditor();
    await openEditor();
    const file = image("image/webp", 1000, "me.webp");
    await userEvent.upload(screen.getByLabelText("Profile photo"), file);

    expect(await screen.findByText("Photo updated.")).toBeInTheDocument();
    expect(onSaved).toHaveBeenCalledWith(saved);
    const call = api.callsTo("PUT /api/me/avatar")[0];
    expect(call?.body).toBe(file);
    expect(call?.init?.headers).toMatchObject({ "Content-Type": "image/webp" });
  });

  it("refuses an image that is too large or of another type, asking nothing", async () => {
    const api = mockSignedIn(new ApiMock(), me);
    renderEditor();
    await openEditor();
    const input = screen.getByLabelText("Profile photo");
    expect(input).toHaveAttribute("accept", "image/jpeg,image/png,image/webp");

    await userEvent.upload(input, image("image/png", 2 * 1024 * 1024 + 1));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "That image is larger than 2 MB.",
    );
    const noAccept = userEvent.setup({ applyAccept: false });
    await noAccept.upload(input, image("image/gif", 10, "me.gif"));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Choose a JPEG, PNG or WebP image.",
    );
    expect(api.callsTo("PUT /api/me/avatar")).toHaveLength(0);
  });

  it("explains when the server will not take the photo", async () => {
    mockSignedIn(new ApiMock(), me).on(
      "PUT /api/me/avatar",
      apiError(400, "validation_failed", { field: "body" }),
    );
    renderEditor();
    await openEditor();
    await userEvent.upload(
      screen.getByLabelText("Profile photo"),
      image("image/jpeg", 10, "me.jpg"),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That file is not a JPEG, PNG or WebP image.",
    );
  });

  it("removes the photo, offered only when there is one", async () => {
    const withPhoto = { ...me, avatarUrl: "/media/avatars/u1" };
    const api = mockSignedIn(new ApiMock(), withPhoto).on(
      "DELETE /api/me/avatar",
      { status: 200, body: { user: { ...withPhoto, avatarUrl: null } } },
    );
    const onSaved = renderEditor(withPhoto);
    await openEditor();
    await userEvent.click(screen.getByRole("button", { name: "Remove photo" }));
    expect(await screen.findByText("Photo removed.")).toBeInTheDocument();
    expect(onSaved).toHaveBeenCalledWith({ ...withPhoto, avatarUrl: null });
    expect(api.callsTo("DELETE /api/me/avatar")).toHaveLength(1);
  });

  it("offers no removal without a photo", async () => {
    mockSignedIn(new ApiMock(), me);
    renderEditor({ ...me, avatarUrl: null });
    await openEditor();
    expect(
      screen.queryByRole("button", { name: "Remove photo" }),
    ).not.toBeInTheDocument();
  });
});
