import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { reportRequestFailure } from "../api/connectivity";
import { ApiMock } from "../test/apiMock";
import { OfflineBanner } from "./OfflineBanner";

describe("OfflineBanner", () => {
  it("is hidden while everything works", () => {
    render(<OfflineBanner />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("appears when the browser goes offline and leaves when it is back", () => {
    render(<OfflineBanner />);
    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    expect(screen.getByRole("status")).toHaveTextContent("You are offline");
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("appears after a failed request and retry clears it once the server answers", async () => {
    const api = new ApiMock().on("GET /healthz", "network_error", {
      status: 200,
      body: { status: "ok" },
    });
    render(<OfflineBanner />);
    act(() => reportRequestFailure());
    expect(screen.getByRole("status")).toHaveTextContent("Cannot reach onair");

    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(screen.getByRole("status")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() =>
      expect(screen.queryByRole("status")).not.toBeInTheDocument(),
    );
    expect(api.callsTo("GET /healthz")).toHaveLength(2);
  });
});
