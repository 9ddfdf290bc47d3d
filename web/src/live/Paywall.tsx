import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { getWallet, isApiError, purchase, topUpWallet } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import { AttemptKey } from "./idempotency";

interface Props {
  /** What is for sale: a live stream (the default) or a reel. */
  itemType?: "live_stream" | "reel";
  itemId: string;
  /** From the 402 details; null when the server did not say. */
  priceCredits: number | null;
  title?: string;
  onPurchased: () => void;
}

/** The 402 gate: price, wallet balance, top-up, purchase — then the caller joins again. */
export function Paywall({
  itemType = "live_stream",
  itemId,
  priceCredits,
  title,
  onPurchased,
}: Props) {
  const noun = itemType === "reel" ? "reel" : "live stream";
  const [balance, setBalance] = useState<number | null>(null);
  const [walletError, setWalletError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"buy" | "topUp" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [topUpAmount, setTopUpAmount] = useState("");
  const [purchaseAttempt] = useState(() => new AttemptKey());
  const [topUpAttempt] = useState(() => new AttemptKey());
  const amountId = useId();

  const loadWallet = useCallback(() => {
    getWallet().then(
      (wallet) => {
        setWalletError(null);
        setBalance(wallet.balanceCredits);
        if (priceCredits !== null)
          setTopUpAmount(
            String(Math.max(1, priceCredits - wallet.balanceCredits)),
          );
      },
      (error: unknown) => setWalletError(error),
    );
  }, [priceCredits]);

  useEffect(loadWallet, [loadWallet]);

  async function buy() {
    setBusy("buy");
    setMessage(null);
    try {
      const result = await purchase(
        itemType,
        itemId,
        purchaseAttempt.current(),
      );
      purchaseAttempt.settle();
      setBalance(result.balanceCredits);
      onPurchased();
    } catch (error) {
      purchaseAttempt.settle(error);
      setMessage(friendlyMessage(error));
      if (isApiError(error, "insufficient_credits")) loadWallet();
    } finally {
      setBusy(null);
    }
  }

  async function topUp(event: FormEvent) {
    event.preventDefault();
    const credits = Number(topUpAmount);
    if (!Number.isSafeInteger(credits) || credits < 1) {
      setMessage("Enter a whole number of credits to add.");
      return;
    }
    setBusy("topUp");
    setMessage(null);
    try {
      const result = await topUpWallet(credits, topUpAttempt.current());
      topUpAttempt.settle();
      setBalance(result.balanceCredits);
      if (priceCredits !== null)
        setTopUpAmount(
          String(Math.max(1, priceCredits - result.balanceCredits)),
        );
    } catch (error) {
      topUpAttempt.settle(error);
      setMessage(friendlyMessage(error));
    } finally {
      setBusy(null);
    }
  }

  const short =
    balance !== null && priceCredits !== null && balance < priceCredits;
  return (
    <section
      className="panel gate paywall"
      aria-labelledby={`${amountId}-title`}
    >
      <h2 id={`${amountId}-title`}>Paid {noun}</h2>
      <p>
        {title !== undefined ? (
          <strong>{title}</strong>
        ) : itemType === "reel" ? (
          "This reel"
        ) : (
          "This stream"
        )}{" "}
        costs{" "}
        <strong>
          {priceCredits !== null
            ? `${priceCredits.toLocaleString("en")} credits`
            : "credits"}
        </strong>{" "}
        to watch.
      </p>
      {walletError !== null ? (
        <ErrorMessage error={walletError} onRetry={loadWallet} />
      ) : (
        <p aria-live="polite">
          Your balance:{" "}
          <strong>
            {balance === null ? "…" : `${balance.toLocaleString("en")} credits`}
          </strong>
        </p>
      )}
      {message !== null ? (
        <p className="error-text" role="alert">
          {message}
        </p>
      ) : null}
      <button
        type="button"
        className="primary"
        onClick={buy}
        disabled={busy !== null || balance === null || short}
      >
        {busy === "buy"
          ? "Buying…"
          : priceCredits !== null
            ? `Buy for ${priceCredits.toLocaleString("en")} credits`
            : "Buy access"}
      </button>
      {balance !== null ? (
        <form className="top-up row" onSubmit={topUp}>
          {short ? (
            <p>
              You need {(priceCredits! - balance).toLocaleString("en")} more
              credits.
            </p>
          ) : null}
          <label htmlFor={amountId}>Credits to add</label>
          <input
            id={amountId}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={topUpAmount}
            onChange={(e) => setTopUpAmount(e.target.value)}
          />
          <button type="submit" disabled={busy !== null}>
            {busy === "topUp" ? "Adding…" : "Add credits"}
          </button>
        </form>
      ) : null}
    </section>
  );
}
