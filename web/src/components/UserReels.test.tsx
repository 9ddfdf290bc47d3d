import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiMock, apiError, makeReel } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { UserReels } from "./UserReels";

function page(items: unknown[], nextCursor: string | null = null) {
  return { status: 200, body: { items, nextCursor } };
}

describe("UserReels", () => {
  it("shows the creator's reels as a grid and loads more on demand", async () => {
    const api = new ApiMock().on(
      "GET /api/users/bob/reels",
      page(
        [
          makeReel({ id: "r1", title: "Beach", durationMs: 65_000 }),
          makeReel({ id: "r2", title: "Hills", thumbnailUrl: "" }),
        ],
        "c2",
      ),
      page([
        makeReel({ id: "r2", title: "Hills" }),
        makeReel({ id: "r3", title: "Snow" }),
      ]),
    );
    renderWithApp(<UserReels handle="bob" />);
    const grid = await screen.findByRole("list");
    const beach = within(grid).getByRole("link", { name: /Beach/ });
    expect(beach).toHaveAttribute("href", "/reels/r1");
    expect(beach).toHaveTextContent("1:05");
    expect(
      within(beach).getByRole("img", { name: "Still from “Beach”" }),
    ).toHaveAttribute("src", "/media/reels/r1/thumbnail");

    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Snow")).toBeInTheDocument();
    expect(within(grid).getAllByRole("listitem")).toHaveLength(3);
    expect(
      screen.queryByRole("button", { name: "Load more" }),
    ).not.toBeInTheDocument();
    expect(api.callsTo("GET /api/users/bob/reels").map((c) => c.url)).toEqual([
      "/api/users/bob/reels",
      "/api/users/bob/reels?cursor=c2",
    ]);
  });

  it("says when there are no reels", async () => {
    new ApiMock().on("GET /api/users/bob/reels", page([]));
    renderWithApp(<UserReels handle="bob" />);
    expect(await screen.findByText("No reels yet.")).toBeInTheDocument();
  });

  it("offers a retry when the reels cannot load", async () => {
    new ApiMock().on(
      "GET /api/users/bob/reels",
      apiError(500, "internal"),
      page([makeReel({ title: "Beach" })]),
    );
    renderWithApp(<UserReels handle="bob" />);
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Beach")).toBeInTheDocument();
  });
});
