import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeReel, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { ReelScreen } from "./ReelScreen";

describe("ReelScreen", () => {
  it("plays the reel from /media with its details", async () => {
    mockSignedIn(new ApiMock()).on("GET /api/reels/r1", {
      status: 200,
      body: {
        reel: makeReel({
          id: "r1",
          title: "Saved stream",
          sourceStreamId: "s1",
          durationMs: 65_000,
        }),
      },
    });
    renderWithApp(<ReelScreen />, { route: "/reels/r1", path: "/reels/:id" });
    expect(
      await screen.findByRole("heading", { name: "Saved stream" }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Saved stream")).toHaveAttribute(
      "src",
      "/media/reels/r1",
    );
    expect(screen.getByText(/1:05 · recorded live/)).toBeInTheDocument();
  });

  it("says when the reel does not exist", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/reels/nope",
      apiError(404, "not_found"),
    );
    renderWithApp(<ReelScreen />, { route: "/reels/nope", path: "/reels/:id" });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not find that",
    );
  });
});
