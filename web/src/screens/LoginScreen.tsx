import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { useAuth } from "../app/AuthContext";
import { safeNext } from "./safeNext";

export function LoginScreen() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [loginName, setLoginName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { login: useId(), password: useId() };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (loginName.trim() === "" || password === "") {
      setError("Enter your handle or email and your password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(loginName.trim(), password);
      navigate(safeNext(search), { replace: true });
    } catch (cause) {
      setBusy(false);
      setError(
        isApiError(cause, "unauthenticated") ||
          isApiError(cause, "validation_failed")
          ? "That handle or email and password do not match."
          : friendlyMessage(cause),
      );
    }
  }

  return (
    <section className="screen narrow">
      <h1>Log in</h1>
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.login}>Handle or email</label>
          <input
            id={ids.login}
            autoComplete="username"
            value={loginName}
            onChange={(e) => setLoginName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error !== null ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        New here?{" "}
        <Link to={`/signup${search.size > 0 ? `?${search.toString()}` : ""}`}>
          Create an account
        </Link>
      </p>
    </section>
  );
}
