import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import {
  isApiError,
  removeAvatar,
  updateMe,
  uploadAvatar,
  type User,
} from "../api/client";
import { friendlyMessage } from "../api/errorMessages";

interface Props {
  user: User;
  /** The user as the server saved them. */
  onSaved: (user: User) => void;
}

type Field = "displayName" | "bio";

export const displayNameMaxLength = 60;
export const bioMaxLength = 300;
export const avatarMaxBytes = 2 * 1024 * 1024;
export const avatarTypes = ["image/jpeg", "image/png", "image/webp"];

/** Characters as people count them (code points), as the server does. */
const lengthOf = (text: string) => [...text].length;

function validate(
  displayName: string,
  bio: string,
): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (displayName === "") errors.displayName = "Enter a display name.";
  else if (lengthOf(displayName) > displayNameMaxLength)
    errors.displayName = `Use at most ${displayNameMaxLength} characters.`;
  if (lengthOf(bio) > bioMaxLength)
    errors.bio = `Use at most ${bioMaxLength} characters.`;
  return errors;
}

/** Why `file` cannot be a profile photo, or null when it can. */
export function avatarProblem(file: File): string | null {
  if (!avatarTypes.includes(file.type))
    return "Choose a JPEG, PNG or WebP image.";
  if (file.size > avatarMaxBytes)
    return "That image is larger than 2 MB. Choose a smaller one.";
  return null;
}

/** On your own profile: change the display name, bio and photo. */
export function ProfileEditor({ user, onSaved }: Props) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const formId = useId();
  return (
    <section className="profile-editor" aria-label="Your profile">
      <div className="row">
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-controls={formId}
          onClick={() => {
            setOpen((o) => !o);
            setNotice(null);
          }}
        >
          Edit profile
        </button>
        <p role="status" className="muted">
          {notice}
        </p>
      </div>
      {open ? (
        <div id={formId} className="panel">
          <PhotoControls
            user={user}
            onSaved={(next, message) => {
              onSaved(next);
              setNotice(message);
            }}
          />
          <DetailsForm
            user={user}
            onSaved={(next) => {
              onSaved(next);
              setOpen(false);
              setNotice("Profile saved.");
            }}
            onCancel={() => setOpen(false)}
          />
        </div>
      ) : null}
    </section>
  );
}

function DetailsForm({
  user,
  onSaved,
  onCancel,
}: {
  user: User;
  onSaved: (user: User) => void;
  onCancel: () => void;
}) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [bio, setBio] = useState(user.bio ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { displayName: useId(), bio: useId() };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = displayName.trim();
    const found = validate(trimmed, bio);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const { user: saved } = await updateMe({ displayName: trimmed, bio });
      onSaved(saved);
    } catch (cause) {
      if (isApiError(cause, "validation_failed")) {
        const { field } = cause.details;
        if (field === "displayName" || field === "bio")
          setErrors({ [field]: cause.message });
      }
      setFormError(friendlyMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  const errorId = (field: Field) => `${ids[field]}-error`;
  const fieldError = (field: Field) =>
    errors[field] !== undefined ? (
      <p id={errorId(field)} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form
      className="form"
      aria-label="Edit profile"
      onSubmit={onSubmit}
      noValidate
    >
      <div className="field">
        <label htmlFor={ids.displayName}>Display name</label>
        <input
          id={ids.displayName}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          autoComplete="name"
          aria-invalid={errors.displayName !== undefined}
          aria-describedby={
            errors.displayName !== undefined
              ? errorId("displayName")
              : undefined
          }
        />
        {fieldError("displayName")}
      </div>
      <div className="field">
        <label htmlFor={ids.bio}>Bio</label>
        <textarea
          id={ids.bio}
          value={bio}
          rows={4}
          onChange={(e) => setBio(e.target.value)}
          aria-invalid={errors.bio !== undefined}
          aria-describedby={[
            errors.bio !== undefined ? errorId("bio") : null,
            `${ids.bio}-count`,
          ]
            .filter(Boolean)
            .join(" ")}
        />
        <p id={`${ids.bio}-count`} className="hint">
          {lengthOf(bio)} / {bioMaxLength}
        </p>
        {fieldError("bio")}
      </div>
      {formError !== null ? (
        <p className="error-text" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PhotoControls({
  user,
  onSaved,
}: {
  user: User;
  onSaved: (user: User, message: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  async function save(change: () => Promise<{ user: User }>, message: string) {
    setBusy(true);
    setError(null);
    try {
      const { user: saved } = await change();
      onSaved(saved, message);
    } catch (cause) {
      setError(
        friendlyMessage(cause, {
          validation_failed: "That file is not a JPEG, PNG or WebP image.",
          payload_too_large: "That image is larger than 2 MB.",
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // the same file can be chosen again
    if (file === undefined) return;
    const problem = avatarProblem(file);
    if (problem !== null) {
      setError(problem);
      return;
    }
    void save(() => uploadAvatar(file), "Photo updated.");
  }

  return (
    <div className="field">
      <label htmlFor={inputId}>Profile photo</label>
      <p id={`${inputId}-hint`} className="hint">
        A JPEG, PNG or WebP image of at most 2 MB.
      </p>
      <div className="row">
        <input
          id={inputId}
          type="file"
          accept={avatarTypes.join(",")}
          onChange={onFile}
          disabled={busy}
          aria-describedby={`${inputId}-hint`}
        />
        {user.avatarUrl ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void save(removeAvatar, "Photo removed.")}
          >
            Remove photo
          </button>
        ) : null}
      </div>
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
