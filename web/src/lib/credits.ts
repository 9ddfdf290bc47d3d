/** What one credit costs a buyer, in US dollars (the demo payment provider's rate). */
export const usdPerCredit = 0.01;

/** "1 credit = $0.01" */
export const creditRateText = `1 credit = $${usdPerCredit.toFixed(2)}`;

/** "$2.50" for 250 credits. */
export function creditsInUsd(credits: number): string {
  return `$${(credits * usdPerCredit).toFixed(2)}`;
}
