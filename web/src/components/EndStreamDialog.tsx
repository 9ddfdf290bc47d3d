import type { ReactNode } from "react";
import { Dialog } from "./Dialog";

interface Props {
  title: string;
  /** What ending means here, above the choice. */
  children: ReactNode;
  /** The radio group's name, unique on the page. */
  choiceName: string;
  saveLabel: string;
  discardLabel: string;
  saveRecording: boolean;
  onSaveRecordingChange: (saveRecording: boolean) => void;
  /** Why the last attempt failed, shown as an alert. */
  error: string | null;
  /** The end request is on its way: the buttons wait and the dialog stays open. */
  busy: boolean;
  /** The stream turned out to be over already: nothing to confirm, and Cancel reads Close. */
  alreadyEnded?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * Asks to confirm ending a live stream and what to do with its recording. The caller owns the
 * state and sends the request; this only shows it.
 */
export function EndStreamDialog({
  title,
  children,
  choiceName,
  saveLabel,
  discardLabel,
  saveRecording,
  onSaveRecordingChange,
  error,
  busy,
  alreadyEnded = false,
  onConfirm,
  onClose,
}: Props) {
  return (
    <Dialog title={title} onClose={() => !busy && onClose()}>
      {children}
      <fieldset className="field">
        <legend>Recording</legend>
        <label className="choice">
          <input
            type="radio"
            name={choiceName}
            checked={saveRecording}
            onChange={() => onSaveRecordingChange(true)}
          />
          {saveLabel}
        </label>
        <label className="choice">
          <input
            type="radio"
            name={choiceName}
            checked={!saveRecording}
            onChange={() => onSaveRecordingChange(false)}
          />
          {discardLabel}
        </label>
      </fieldset>
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        {!alreadyEnded ? (
          <button
            type="button"
            className="danger"
            onClick={onConfirm}
            disabled={busy}
          >
            {busy ? "Ending…" : "End stream"}
          </button>
        ) : null}
        <button
          type="button"
          className="secondary"
          onClick={onClose}
          disabled={busy}
        >
          {alreadyEnded ? "Close" : "Cancel"}
        </button>
      </div>
    </Dialog>
  );
}
