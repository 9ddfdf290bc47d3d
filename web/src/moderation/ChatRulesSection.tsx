import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { getChatSettings, isApiError, updateChatSettings } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";
import { ErrorMessage } from "../components/ErrorMessage";
import {
  formFromSettings,
  maxBlockedWordChars,
  maxBlockedWords,
  maxFollowMinutes,
  parseBlockedWords,
  parseFollowMinutes,
  slowModeChoices,
  slowModeLabel,
  type ChatRulesForm,
} from "./chatRules";

type Status = { kind: "saved" | "error"; text: string } | null;

/**
 * The signed-in creator's chat rules for all their streams: slow mode, followers only (with a
 * minimum follow time), blocked words.
 */
export function ChatRulesSection() {
  const [form, setForm] = useState<ChatRulesForm | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  /** Why the blocked words cannot be saved, checked here before sending. */
  const [wordsError, setWordsError] = useState<string | null>(null);
  /** The server refused the blocked words (its reason is in `status`). */
  const [wordsRefused, setWordsRefused] = useState(false);
  /** Why the minimum follow time cannot be saved, checked here before sending. */
  const [minutesError, setMinutesError] = useState<string | null>(null);
  /** The server refused the minimum follow time (its reason is in `status`). */
  const [minutesRefused, setMinutesRefused] = useState(false);
  const headingId = useId();
  const slowId = useId();
  const wordsId = useId();
  const wordsHintId = useId();
  const wordsErrorId = useId();
  const minutesId = useId();
  const minutesHintId = useId();
  const minutesErrorId = useId();

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
    if ("followersOnlyMinutes" in update || "followersOnlyChat" in update) {
      setMinutesError(null);
      setMinutesRefused(false);
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
    setMinutesRefused(false);
    const minutes = parseFollowMinutes(form.followersOnlyMinutes);
    // The field shows with followers-only chat on; a hidden wrong value is not sent.
    if ("error" in minutes && form.followersOnlyChat) {
      setMinutesError(minutes.error);
      document.getElementById(minutesId)?.focus();
      return;
    }
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
        ...("minutes" in minutes
          ? { followersOnlyMinutes: minutes.minutes }
          : {}),
        blockedWords: parsed.words,
      });
      setForm(formFromSettings(chatSettings));
      setStatus({ kind: "saved", text: "Chat rules saved." });
    } catch (cause) {
      const field = isApiError(cause, "validation_failed")
        ? cause.details.field
        : undefined;
      setWordsRefused(field === "blockedWords");
      setMinutesRefused(field === "followersOnlyMinutes");
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
          {form.followersOnlyChat ? (
            <div className="field">
              <label htmlFor={minutesId}>Minimum follow time (minutes)</label>
              <input
                id={minutesId}
                inputMode="numeric"
                autoComplete="off"
                className="number-input"
                value={form.followersOnlyMinutes}
                aria-invalid={minutesError !== null || minutesRefused}
                aria-describedby={
                  minutesError !== null
                    ? `${minutesHintId} ${minutesErrorId}`
                    : minutesHintId
                }
                onChange={(event) =>
                  change({ followersOnlyMinutes: event.target.value })
                }
              />
              <p className="hint" id={minutesHintId}>
                How long someone must have followed you before they can chat. 0
                lets any follower chat at once; at most{" "}
                {maxFollowMinutes.toLocaleString("en")} minutes (90 days).
              </p>
              {minutesError !== null ? (
                <p className="field-error" id={minutesErrorId} role="alert">
                  {minutesError}
                </p>
              ) : null}
            </div>
          ) : null}
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
