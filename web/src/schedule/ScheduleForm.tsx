import { useId, useRef, useState, type FormEvent } from "react";
import { isApiError, type Gating, type Sensitivity } from "../api/client";
import { scheduledLiveMessage } from "../api/errorMessages";
import { creditRateText, creditsInUsd } from "../lib/credits";
import {
  descriptionMaxLength,
  priceMax,
  priceMin,
  titleMaxLength,
} from "../live/streamForm";
import {
  fieldFromServer,
  isoToLocalInput,
  lastOccurrence,
  maxLeadMs,
  maxRepeatWeeks,
  minLeadMs,
  repeatWeeksOf,
  validateScheduleForm,
  type ScheduleFormErrors,
  type ScheduleFormField,
  type ScheduleFormValues,
} from "./scheduleForm";

interface Props {
  initial: ScheduleFormValues;
  /** The title used when the field is left empty ("Alice's live"). */
  defaultTitle: string;
  /** Offer weekly repeats (a new entry only). */
  withRepeat?: boolean;
  submitLabel: string;
  submittingLabel: string;
  /** Sends the form; a rejection (an ApiError) is shown beside its field or below the form. */
  onSubmit: (values: ScheduleFormValues) => Promise<void>;
  onCancel?: () => void;
  /** The form's accessible name. */
  label: string;
}

const fieldOrder: readonly ScheduleFormField[] = [
  "title",
  "description",
  "startsAt",
  "sensitivity",
  "gating",
  "priceCredits",
  "repeatWeeks",
];

/** The reader's time zone by name ("Europe/Paris"); "" when the browser does not say. */
function timeZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
  } catch {
    return "";
  }
}

/**
 * A scheduled live's details: the Go live form's fields (same bounds) plus its date and time in
 * the reader's time zone and, for a new one, weekly repeats. Checked as the server would before
 * anything is sent; the server's refusals land beside their field.
 */
export function ScheduleForm({
  initial,
  defaultTitle,
  withRepeat = false,
  submitLabel,
  submittingLabel,
  onSubmit,
  onCancel,
  label,
}: Props) {
  const [values, setValues] = useState<ScheduleFormValues>(initial);
  const [errors, setErrors] = useState<ScheduleFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const base = useId();
  const id = (field: string) => `${base}-${field}`;
  const titleRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const startsAtRef = useRef<HTMLInputElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const repeatWeeksRef = useRef<HTMLInputElement>(null);
  const [now] = useState(() => Date.now());
  const zone = timeZoneName();

  function set<K extends keyof ScheduleFormValues>(
    field: K,
    value: ScheduleFormValues[K],
  ) {
    setValues((v) => ({ ...v, [field]: value }));
    if (field !== "repeat") setErrors((e) => ({ ...e, [field]: undefined }));
  }

  function focusFirst(found: ScheduleFormErrors) {
    const first = fieldOrder.find((f) => found[f] !== undefined);
    const target = {
      title: titleRef,
      description: descriptionRef,
      startsAt: startsAtRef,
      priceCredits: priceRef,
      repeatWeeks: repeatWeeksRef,
    }[first as string];
    target?.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found = validateScheduleForm(values, Date.now(), {
      checkTime: values.startsAt !== initial.startsAt || withRepeat,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    setSubmitting(true);
    try {
      await onSubmit(values);
      setSubmitting(false);
    } catch (error) {
      setSubmitting(false);
      const field = isApiError(error, "validation_failed")
        ? fieldFromServer(error.details.field)
        : null;
      if (field !== null && isApiError(error)) {
        const serverErrors: ScheduleFormErrors = {
          [field]:
            field === "startsAt" ? scheduledLiveMessage(error) : error.message,
        };
        setErrors(serverErrors);
        focusFirst(serverErrors);
      } else {
        setFormError(scheduledLiveMessage(error));
      }
    }
  }

  const describedBy = (field: ScheduleFormField, ...hints: string[]) =>
    [errors[field] !== undefined ? id(`${field}-error`) : null, ...hints]
      .filter(Boolean)
      .join(" ") || undefined;
  const fieldError = (field: ScheduleFormField) =>
    errors[field] !== undefined ? (
      <p id={id(`${field}-error`)} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  const weeks = repeatWeeksOf(values);
  const last = weeks > 0 ? lastOccurrence(values.startsAt, weeks) : null;

  return (
    <form onSubmit={submit} noValidate className="form" aria-label={label}>
      <div className="field">
        <label htmlFor={id("title")}>Title</label>
        <p id={id("title-hint")} className="hint">
          Optional: left empty, it is “{defaultTitle}”.
        </p>
        <input
          id={id("title")}
          ref={titleRef}
          value={values.title}
          onChange={(e) => set("title", e.target.value)}
          maxLength={titleMaxLength * 2}
          placeholder={defaultTitle}
          aria-invalid={errors.title !== undefined}
          aria-describedby={describedBy("title", id("title-hint"))}
        />
        {fieldError("title")}
      </div>
      <div className="field">
        <label htmlFor={id("description")}>Description (optional)</label>
        <textarea
          id={id("description")}
          ref={descriptionRef}
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          rows={3}
          aria-invalid={errors.description !== undefined}
          aria-describedby={describedBy("description", id("description-count"))}
        />
        <p id={id("description-count")} className="hint">
          {[...values.description].length} / {descriptionMaxLength}
        </p>
        {fieldError("description")}
      </div>
      <div className="field">
        <label htmlFor={id("startsAt")}>Date and time</label>
        <p id={id("startsAt-hint")} className="hint">
          In your time zone{zone !== "" ? ` (${zone})` : ""}; from 5 minutes to
          90 days from now.
        </p>
        <input
          id={id("startsAt")}
          ref={startsAtRef}
          type="datetime-local"
          value={values.startsAt}
          onChange={(e) => set("startsAt", e.target.value)}
          min={isoToLocalInput(now + minLeadMs)}
          max={isoToLocalInput(now + maxLeadMs)}
          required
          aria-invalid={errors.startsAt !== undefined}
          aria-describedby={describedBy("startsAt", id("startsAt-hint"))}
        />
        {fieldError("startsAt")}
      </div>
      <fieldset className="field">
        <legend>Content</legend>
        {(["none", "sensitive"] as Sensitivity[]).map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={id("sensitivity")}
              value={option}
              checked={values.sensitivity === option}
              onChange={() => set("sensitivity", option)}
            />
            {option === "none"
              ? "Suitable for everyone"
              : "Sensitive (viewers confirm before watching)"}
          </label>
        ))}
        {fieldError("sensitivity")}
      </fieldset>
      <fieldset className="field">
        <legend>Who can watch</legend>
        {(["public", "followers", "paid"] as Gating[]).map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={id("gating")}
              value={option}
              checked={values.gating === option}
              onChange={() => set("gating", option)}
            />
            {option === "public"
              ? "Everyone"
              : option === "followers"
                ? "Followers only"
                : "Paid"}
          </label>
        ))}
        {fieldError("gating")}
      </fieldset>
      {values.gating === "paid" ? (
        <div className="field">
          <label htmlFor={id("price")}>Price in credits</label>
          <input
            id={id("price")}
            ref={priceRef}
            type="number"
            inputMode="numeric"
            min={priceMin}
            max={priceMax}
            step={1}
            value={values.priceCredits}
            onChange={(e) => set("priceCredits", e.target.value)}
            required
            aria-invalid={errors.priceCredits !== undefined}
            aria-describedby={describedBy("priceCredits", id("price-rate"))}
          />
          <p id={id("price-rate")} className="hint">
            {creditRateText}
            {/^\d+$/.test(values.priceCredits.trim())
              ? ` · ${values.priceCredits.trim()} credits = ${creditsInUsd(Number(values.priceCredits.trim()))}`
              : ""}
          </p>
          {fieldError("priceCredits")}
        </div>
      ) : null}
      {withRepeat ? (
        <div className="field">
          <label className="choice">
            <input
              type="checkbox"
              checked={values.repeat}
              onChange={(e) => set("repeat", e.target.checked)}
            />
            Repeat weekly
          </label>
          {values.repeat ? (
            <>
              <label htmlFor={id("repeatWeeks")}>More weeks</label>
              <input
                id={id("repeatWeeks")}
                ref={repeatWeeksRef}
                className="short-number"
                type="number"
                inputMode="numeric"
                min={0}
                max={maxRepeatWeeks}
                step={1}
                value={values.repeatWeeks}
                onChange={(e) => set("repeatWeeks", e.target.value)}
                aria-invalid={errors.repeatWeeks !== undefined}
                aria-describedby={describedBy(
                  "repeatWeeks",
                  id("repeatWeeks-hint"),
                )}
              />
              <p id={id("repeatWeeks-hint")} className="hint">
                The same day and time for up to {maxRepeatWeeks} more weeks
                {last !== null
                  ? `: the last on ${last.toLocaleDateString(undefined, {
                      weekday: "short",
                      month: "short",
                      day: "numeric",
                    })}.`
                  : "."}
              </p>
              {fieldError("repeatWeeks")}
            </>
          ) : null}
        </div>
      ) : null}
      {formError !== null ? (
        <p className="error-text" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? submittingLabel : submitLabel}
        </button>
        {onCancel !== undefined ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Discard changes
          </button>
        ) : null}
      </div>
    </form>
  );
}
