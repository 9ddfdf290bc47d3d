import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { getChatSettings, isApiError, updateChatSettings } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import {
  formFromSettings,
  maxBlockedWordChars,
  maxBlockedWords,
  parseBlockedWords,
  slowModeChoices,
  slowModeLabel,
  type ChatRulesForm,
} from "./chatRules";

type Status = { kind: "saved" | "error"; text: string } | null;

/** The signed-in creator's chat rules for all their streams: slow mode, followers only, words. */
export function ChatRulesSection() {
  const [form, setForm] = useState<ChatRulesForm | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  /** Why the blocked words cannot be saved, checked here before sending. */
  const [wordsError, setWordsError] = useState<string | null>(null);
  /** The server refused the blocked words (its reason is in `status`). */
  const [wordsRefused, setWordsRefused] = useState(false);
  const headingId = useId();
  const slowId = useId();
  const wordsId = useId();
  const wordsHintId = useId();
  const wordsErrorId = useId();

  const load = useCallback(() => {
    getChatSettings().then(
      ({ chatSettings }) => setForm(formFromSettings(chatSettings)),
      setLoadError,
    );
  }, []);
  useEffect(load, [load]);

  function retry() {
    setLoadError(null);
    load();
  }

  function change(update: Partial<ChatRulesForm>) {
    setStatus(null);
    if ("blockedWords" in update) {
      setWordsError(null);
      setWordsRefused(false);
    }
    setForm((current) =>
      current === null ? current : { ...current, ...update },
    );
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (form === null || saving) return;
    setStatus(null);
    setWordsRefused(false);
    const parsed = parseBlockedWords(form.blockedWords);
    if ("error" in parsed) {
      setWordsError(parsed.error);
      document.getElementById(wordsId)?.focus();
      return;
    }
    setSaving(true);
    try {
      const { chatSettings } = await updateChatSettings({
        slowModeSeconds: form.slowModeSeconds,
        followersOnlyChat: form.followersOnlyChat,
        blockedWords: parsed.words,
      });
      setForm(formFromSettings(chatSettings));
      setStatus({ kind: "saved", text: "Chat rules saved." });
    } catch (cause) {
      setWordsRefused(
        isApiError(cause, "validation_failed") &&
          cause.details.field === "blockedWords",
      );
      setStatus({ kind: "error", text: friendlyMessage(cause) });
    } finally {
      setSaving(false);
    }
  }

  const choices =
    form === null || slowModeChoices.includes(form.slowModeSeconds)
      ? slowModeChoices
      : [...slowModeChoices, form.slowModeSeconds].sort((a, b) => a - b);

  return (
    <section className="panel settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Chat rules</h2>
      <p className="hint">
        For the chat of all your streams. You and your moderators are exempt
        from slow mode and followers-only chat.
      </p>
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={retry} />
      ) : form === null ? (
        <p className="muted">Loading chat rules…</p>
      ) : (
        <form className="form" onSubmit={save} noValidate>
          <div className="field">
            <label htmlFor={slowId}>Slow mode</label>
            <select
              id={slowId}
              value={form.slowModeSeconds}
              onChange={(event) =>
                change({ slowModeSeconds: Number(event.target.value) })
              }
            >
              {choices.map((seconds) => (
                <option key={seconds} value={seconds}>
                  {slowModeLabel(seconds)}
                </option>
              ))}
            </select>
            <p className="hint">
              How long each viewer waits between two messages.
            </p>
          </div>
          <label className="choice switch">
            <input
              type="checkbox"
              role="switch"
              checked={form.followersOnlyChat}
              onChange={(event) =>
                change({ followersOnlyChat: event.target.checked })
              }
            />
            Followers-only chat
          </label>
          <div className="field">
            <label htmlFor={wordsId}>Blocked words</label>
            <textarea
              id={wordsId}
              rows={5}
              value={form.blockedWords}
              aria-invalid={wordsError !== null || wordsRefused}
              aria-describedby={
                wordsError !== null
                  ? `${wordsHintId} ${wordsErrorId}`
                  : wordsHintId
              }
              onChange={(event) => change({ blockedWords: event.target.value })}
            />
            <p className="hint" id={wordsHintId}>
              One word or phrase per line (up to {maxBlockedWords}, each up to{" "}
              {maxBlockedWordChars} characters). Messages that contain one are
              refused, whatever the letter case.
            </p>
            {wordsError !== null ? (
              <p className="field-error" id={wordsErrorId} role="alert">
                {wordsError}
              </p>
            ) : null}
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? "Saving…" : "Save chat rules"}
            </button>
            <span role="status">
              {status?.kind === "saved" ? status.text : ""}
            </span>
          </div>
          {status?.kind === "error" ? (
            <p className="error-text" role="alert">
              {status.text}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
