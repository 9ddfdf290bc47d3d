import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import {
  createLiveStream,
  isApiError,
  type Gating,
  type Sensitivity,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import { creditRateText, creditsInUsd } from "../lib/credits";
import { handOffBroadcast } from "./broadcastHandoff";
import { cameraAndMicrophoneGranted } from "./cameraPermission";
import { CameraSetup } from "./CameraSetup";
import {
  defaultTitleFor,
  descriptionMaxLength,
  emptyStreamForm,
  fieldFromServer,
  priceMax,
  priceMin,
  titleMaxLength,
  toCreateInput,
  validateStreamForm,
  type StreamFormErrors,
  type StreamFormField,
  type StreamFormValues,
} from "./streamForm";
import { useCamera } from "./useCamera";

const fieldOrder: readonly StreamFormField[] = [
  "title",
  "description",
  "sensitivity",
  "gating",
  "priceCredits",
];

/** `/live/new`: describe the stream, set up the camera, and go live. */
export function LiveStreamCreator() {
  const navigate = useNavigate();
  const { user } = useAuth();
  const camera = useCamera();
  const defaultTitle = defaultTitleFor(user?.displayName ?? "");
  const [values, setValues] = useState<StreamFormValues>(emptyStreamForm);
  const [errors, setErrors] = useState<StreamFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [cameraMissing, setCameraMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const ids = { title: useId(), description: useId(), price: useId() };
  const titleRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);

  // Permission given on an earlier visit: the preview starts without another click.
  const requestCamera = useRef(camera.request);
  useEffect(() => {
    requestCamera.current = camera.request;
  });
  useEffect(() => {
    let cancelled = false;
    void cameraAndMicrophoneGranted().then((granted) => {
      if (granted && !cancelled) void requestCamera.current();
    });
    return () => {
      cancelled = true;
    };
  }, []);

  function set<K extends StreamFormField>(
    field: K,
    value: StreamFormValues[K],
  ) {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  }

  function focusFirst(found: StreamFormErrors) {
    const first = fieldOrder.find((f) => found[f] !== undefined);
    if (first === "title") titleRef.current?.focus();
    else if (first === "description") descriptionRef.current?.focus();
    else if (first === "priceCredits") priceRef.current?.focus();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found = validateStreamForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    if (camera.state !== "ready" || camera.stream === null) {
      setCameraMissing(true);
      return;
    }
    setSubmitting(true);
    try {
      const { stream, publish } = await createLiveStream(
        toCreateInput(values, defaultTitle),
      );
      const media = camera.detach();
      if (media !== null) handOffBroadcast(stream.id, publish, media);
      navigate(`/live/${encodeURIComponent(stream.id)}/broadcast`);
    } catch (error) {
      setSubmitting(false);
      const field = isApiError(error, "validation_failed")
        ? fieldFromServer(error.details.field)
        : null;
      if (field !== null && isApiError(error)) {
        const serverErrors = { [field]: error.message };
        setErrors(serverErrors);
        focusFirst(serverErrors);
      } else {
        setFormError(friendlyMessage(error));
      }
    }
  }

  const describedBy = (field: StreamFormField, hint?: string) =>
    [errors[field] !== undefined ? `${field}-error` : null, hint ?? null]
      .filter(Boolean)
      .join(" ") || undefined;
  const fieldError = (field: StreamFormField) =>
    errors[field] !== undefined ? (
      <p id={`${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <section className="screen creator">
      <h1>Go live</h1>
      <p className="muted">
        Not now? <Link to="/scheduled/new">Schedule it for later</Link> and your
        followers are told ahead.
      </p>
      <CameraSetup camera={camera} />
      {cameraMissing && camera.state !== "ready" ? (
        <p className="error-text" role="alert">
          Turn on your camera and microphone before going live.
        </p>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="form">
        <div className="field">
          <label htmlFor={ids.title}>Title</label>
          <p id={`${ids.title}-hint`} className="hint">
            Optional: left empty, it is “{defaultTitle}”.
          </p>
          <input
            id={ids.title}
            ref={titleRef}
            value={values.title}
            onChange={(e) => set("title", e.target.value)}
            maxLength={titleMaxLength * 2}
            placeholder={defaultTitle}
            aria-invalid={errors.title !== undefined}
            aria-describedby={describedBy("title", `${ids.title}-hint`)}
          />
          {fieldError("title")}
        </div>
        <div className="field">
          <label htmlFor={ids.description}>Description (optional)</label>
          <textarea
            id={ids.description}
            ref={descriptionRef}
            value={values.description}
            onChange={(e) => set("description", e.target.value)}
            rows={3}
            aria-invalid={errors.description !== undefined}
            aria-describedby={describedBy(
              "description",
              `${ids.description}-count`,
            )}
          />
          <p id={`${ids.description}-count`} className="hint">
            {[...values.description].length} / {descriptionMaxLength}
          </p>
          {fieldError("description")}
        </div>
        <fieldset
          className="field"
          aria-describedby={describedBy("sensitivity")}
        >
          <legend>Content</legend>
          {(["none", "sensitive"] as Sensitivity[]).map((option) => (
            <label key={option} className="choice">
              <input
                type="radio"
                name="sensitivity"
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
        <fieldset className="field" aria-describedby={describedBy("gating")}>
          <legend>Who can watch</legend>
          {(["public", "followers", "paid"] as Gating[]).map((option) => (
            <label key={option} className="choice">
              <input
                type="radio"
                name="gating"
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
            <label htmlFor={ids.price}>Price in credits</label>
            <input
              id={ids.price}
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
              aria-describedby={describedBy(
                "priceCredits",
                `${ids.price}-rate`,
              )}
            />
            <p id={`${ids.price}-rate`} className="hint">
              {creditRateText}
              {/^\d+$/.test(values.priceCredits.trim())
                ? ` · ${values.priceCredits.trim()} credits = ${creditsInUsd(Number(values.priceCredits.trim()))}`
                : ""}
            </p>
            {fieldError("priceCredits")}
          </div>
        ) : null}
        {formError !== null ? (
          <p className="error-text" role="alert">
            {formError}
          </p>
        ) : null}
        <button type="submit" className="primary go-live" disabled={submitting}>
          {submitting ? "Starting…" : "Go live"}
        </button>
      </form>
    </section>
  );
}
