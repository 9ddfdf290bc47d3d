import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiMock, apiError, mockSignedIn } from "../test/apiMock";
import { renderWithApp } from "../test/render";
import { Paywall } from "./Paywall";

describe("Paywall", () => {
  it("buys at once when the balance covers the price", async () => {
    const onPurchased = vi.fn();
    const api = mockSignedIn(new ApiMock())
      .on("GET /api/me/wallet", { status: 200, body: { balanceCredits: 500 } })
      .on("POST /api/purchases", {
        status: 201,
        body: { purchase: { id: "p" }, balanceCredits: 400 },
      });
    renderWithApp(
      <Paywall
        itemId="s1"
        priceCredits={100}
        title="Show"
        onPurchased={onPurchased}
      />,
    );
    expect(await screen.findByText("500 credits")).toBeInTheDocument();
    expect(screen.queryByText(/more credits/)).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("button", { name: "Buy for 100 credits" }),
    );
    await waitFor(() => expect(onPurchased).toHaveBeenCalled());
    expect(api.callsTo("POST /api/purchases")[0]?.body).toEqual({
      itemType: "live_stream",
      itemId: "s1",
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("after a definite refusal (insufficient_credits) reloads the wallet and uses a new key next time", async () => {
    const onPurchased = vi.fn();
    const api = mockSignedIn(new ApiMock())
      .on(
        "GET /api/me/wallet",
        { status: 200, body: { balanceCredits: 100 } },
        { status: 200, body: { balanceCredits: 10 } },
        { status: 200, body: { balanceCredits: 10 } },
      )
      .on("POST /api/purchases", apiError(409, "insufficient_credits"));
    renderWithApp(
      <Paywall itemId="s1" priceCredits={100} onPurchased={onPurchased} />,
    );
    await userEvent.click(
      await screen.findByRole("button", { name: "Buy for 100 credits" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You do not have enough credits",
    );
    expect(await screen.findByText("10 credits")).toBeInTheDocument();
    expect(screen.getByText("You need 90 more credits.")).toBeInTheDocument();
    expect(onPurchased).not.toHaveBeenCalled();
    expect(api.callsTo("GET /api/me/wallet")).toHaveLength(2);
  });

  it("rejects a top-up that is not a whole number without calling the server", async () => {
    const api = mockSignedIn(new ApiMock()).on("GET /api/me/wallet", {
      status: 200,
      body: { balanceCredits: 0 },
    });
    renderWithApp(
      <Paywall itemId="s1" priceCredits={5} onPurchased={vi.fn()} />,
    );
    const amount = await screen.findByLabelText("Credits to add");
    await userEvent.clear(amount);
    await userEvent.click(screen.getByRole("button", { name: "Add credits" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a whole number");
    expect(api.callsTo("POST /api/me/wallet/top-up")).toHaveLength(0);
  });

  it("offers a retry when the wallet cannot be loaded", async () => {
    mockSignedIn(new ApiMock()).on(
      "GET /api/me/wallet",
      apiError(503, "media_backend_unavailable"),
      {
        status: 200,
        body: { balanceCredits: 7 },
      },
    );
    renderWithApp(
      <Paywall itemId="s1" priceCredits={5} onPurchased={vi.fn()} />,
    );
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("7 credits")).toBeInTheDocument();
  });
});
