import type { CreateLiveStreamInput, Gating, Sensitivity } from "../api/client";

export interface StreamFormValues {
  title: string;
  description: string;
  sensitivity: Sensitivity;
  gating: Gating;
  priceCredits: string;
}

export type StreamFormField = keyof StreamFormValues;
export type StreamFormErrors = Partial<Record<StreamFormField, string>>;

export const titleMaxLength = 100;
export const descriptionMaxLength = 2000;
export const priceMin = 1;
export const priceMax = 100_000;

export const emptyStreamForm: StreamFormValues = {
  title: "",
  description: "",
  sensitivity: "none",
  gating: "public",
  priceCredits: "",
};

/** The same bounds the server enforces (API.md createLiveStream), checked before sending. */
export function validateStreamForm(values: StreamFormValues): StreamFormErrors {
  const errors: StreamFormErrors = {};
  const title = values.title.trim();
  if ([...title].length > titleMaxLength)
    errors.title = `Keep the title to ${titleMaxLength} characters or fewer.`;
  if ([...values.description].length > descriptionMaxLength) {
    errors.description = `Keep the description to ${descriptionMaxLength} characters or fewer.`;
  }
  if (values.gating === "paid") {
    const text = values.priceCredits.trim();
    const price = Number(text);
    if (text === "") errors.priceCredits = "Set a price for paid streams.";
    else if (!/^\d+$/.test(text) || !Number.isSafeInteger(price))
      errors.priceCredits = "The price must be a whole number of credits.";
    else if (price < priceMin || price > priceMax) {
      errors.priceCredits = `The price must be between ${priceMin} and ${priceMax.toLocaleString("en")} credits.`;
    }
  }
  return errors;
}

/** The title of a stream left untitled: "Alice's live" (within the server's 100 characters). */
export function defaultTitleFor(displayName: string): string {
  const suffix = "'s live";
  const name = [...displayName.trim()]
    .slice(0, titleMaxLength - suffix.length)
    .join("");
  return name === "" ? "Live" : `${name}${suffix}`;
}

/** The request for `values`; an empty title becomes `defaultTitle`. */
export function toCreateInput(
  values: StreamFormValues,
  defaultTitle: string,
): CreateLiveStreamInput {
  const input: CreateLiveStreamInput = {
    title: values.title.trim() || defaultTitle,
    sensitivity: values.sensitivity,
    gating: values.gating,
  };
  const description = values.description.trim();
  if (description !== "") input.description = description;
  if (values.gating === "paid")
    input.priceCredits = Number(values.priceCredits.trim());
  return input;
}

const fields: readonly StreamFormField[] = [
  "title",
  "description",
  "sensitivity",
  "gating",
  "priceCredits",
];

/** Maps a server `validation_failed` details.field (e.g. "priceCredits", "stream.title") to a form field. */
export function fieldFromServer(field: unknown): StreamFormField | null {
  if (typeof field !== "string") return null;
  const last =
    field
      .split(/[.[\]/]/)
      .filter(Boolean)
      .at(-1) ?? field;
  const match = fields.find(
    (f) =>
      f.toLowerCase() === last.toLowerCase() ||
      (f === "priceCredits" && last === "price_credits"),
  );
  return match ?? null;
}
