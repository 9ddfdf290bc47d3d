import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShareButton } from "./ShareButton";

function stubNavigator(props: Partial<Navigator>) {
  for (const [key, value] of Object.entries(props))
    Object.defineProperty(navigator, key, { value, configurable: true });
}

afterEach(() => {
  stubNavigator({ share: undefined, clipboard: undefined });
});

const url = `${window.location.origin}/live/s1`;

describe("ShareButton", () => {
  it("opens the system share sheet when there is one", async () => {
    const share = vi.fn(() => Promise.resolve());
    const writeText = vi.fn(() => Promise.resolve());
    stubNavigator({
      share,
      clipboard: { writeText } as unknown as Clipboard,
    });
    render(<ShareButton path="/live/s1" title="Morning run" />);
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(share).toHaveBeenCalledWith({ title: "Morning run", url });
    expect(writeText).not.toHaveBeenCalled();
  });

  it("copies the link and says so when sharing is not available", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    stubNavigator({ clipboard: { writeText } as unknown as Clipboard });
    render(<ShareButton path="/live/s1" title="Morning run" />);
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
    await userEvent.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(await screen.findByRole("status")).toHaveTextContent("Link copied");
  });

  it("says nothing when the user closes the share sheet", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    stubNavigator({
      share: vi.fn(() =>
        Promise.reject(new DOMException("cancelled", "AbortError")),
      ),
      clipboard: { writeText } as unknown as Clipboard,
    });
    render(<ShareButton path="/live/s1" title="Morning run" />);
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(writeText).not.toHaveBeenCalled();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the link to copy by hand when neither works", async () => {
    stubNavigator({
      share: vi.fn(() => Promise.reject(new Error("not allowed"))),
      clipboard: {
        writeText: vi.fn(() => Promise.reject(new Error("denied"))),
      } as unknown as Clipboard,
    });
    render(<ShareButton path="/live/s1" title="Morning run" />);
    await userEvent.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not copy the link",
    );
    expect(screen.getByRole("textbox", { name: "Link to share" })).toHaveValue(
      url,
    );
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
  });
});
