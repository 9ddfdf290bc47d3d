import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError, type SignupInput } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import { safeNext } from "./safeNext";

type Field = keyof SignupInput;
const fieldLabels: Record<Field, string> = {
  displayName: "Display name",
  handle: "Handle",
  email: "Email",
  password: "Password",
};

export function SignupScreen() {
  const { signup } = useAuth();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [values, setValues] = useState<SignupInput>({
    handle: "",
    email: "",
    password: "",
    displayName: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const baseId = useId();

  function validate(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (values.displayName.trim() === "")
      found.displayName = "Enter the name people will see.";
    // Only the obvious is checked here; the server's own rules come back as validation_failed.
    if (values.handle === "") found.handle = "Choose a handle.";
    else if (/\s/.test(values.handle))
      found.handle = "A handle cannot contain spaces.";
    if (!/^[^\s@]+@[^\s@]+$/.test(values.email))
      found.email = "Enter a valid email address.";
    if (values.password === "") found.password = "Choose a password.";
    return found;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await signup({ ...values, displayName: values.displayName.trim() });
      navigate(safeNext(search), { replace: true });
    } catch (cause) {
      setBusy(false);
      if (isApiError(cause, "handle_taken"))
        setErrors({ handle: friendlyMessage(cause) });
      else if (
        isApiError(cause, "validation_failed") &&
        typeof cause.details.field === "string" &&
        cause.details.field in fieldLabels
      ) {
        setErrors({ [cause.details.field as Field]: cause.message });
      } else setFormError(friendlyMessage(cause));
    }
  }

  const field = (name: Field, type: string, autoComplete: string) => {
    const id = `${baseId}-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{fieldLabels[name]}</label>
        <input
          id={id}
          type={type}
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={errors[name] !== undefined}
          aria-describedby={
            errors[name] !== undefined ? `${id}-error` : undefined
          }
        />
        {errors[name] !== undefined ? (
          <p id={`${id}-error`} className="field-error">
            {errors[name]}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <section className="screen narrow">
      <h1>Create your account</h1>
      <form className="form" onSubmit={onSubmit} noValidate>
        {field("displayName", "text", "name")}
        {field("handle", "text", "username")}
        {field("email", "email", "email")}
        {field("password", "password", "new-password")}
        {formError !== null ? (
          <p className="error-text" role="alert">
            {formError}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Sign up"}
        </button>
      </form>
      <p>
        Already have an account?{" "}
        <Link to={`/login${search.size > 0 ? `?${search.toString()}` : ""}`}>
          Log in
        </Link>
      </p>
    </section>
  );
}
