import { render, screen } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { StreamEndedPanel } from "./StreamEndedPanel";

function renderInRouter(ui: ReactElement) {
  return render(<MemoryRouter>{ui}</MemoryRouter>);
}

describe("StreamEndedPanel", () => {
  it("says what happened and links to the reel, then back to reels", () => {
    renderInRouter(
      <StreamEndedPanel
        title="This live stream has ended"
        reelId="r 7"
        watchLabel="Watch the replay"
      >
        <p>Thanks for watching.</p>
      </StreamEndedPanel>,
    );
    const panel = screen.getByRole("status");
    expect(panel).toHaveClass("panel");
    expect(
      screen.getByRole("heading", {
        level: 2,
        name: "This live stream has ended",
      }),
    ).toBeInTheDocument();
    expect(panel).toHaveTextContent("Thanks for watching.");
    const links = screen.getAllByRole("link");
    expect(links.map((l) => l.textContent)).toEqual([
      "Watch the replay",
      "Back to reels",
    ]);
    expect(links[0]).toHaveAttribute("href", "/reels/r%207");
    expect(links[1]).toHaveAttribute("href", "/");
  });

  it("offers only the way back when there is no reel, with the heading level and class asked for", () => {
    renderInRouter(
      <StreamEndedPanel
        title="Stream ended"
        headingLevel={1}
        className="live-main"
        reelId={null}
        watchLabel="Watch the reel"
      >
        <p>This live stream has ended.</p>
      </StreamEndedPanel>,
    );
    expect(screen.getByRole("status")).toHaveClass("panel", "live-main");
    expect(
      screen.getByRole("heading", { level: 1, name: "Stream ended" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "Watch the reel" }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to reels" })).toHaveAttribute(
      "href",
      "/",
    );
  });
});
