import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { uploadReel, type Reel, type UploadHandle } from "../api/client";
import { friendlyMessage } from "../api/errorMessages";

const acceptedTypes = ["video/webm", "video/mp4"];

interface Props {
  onUploaded?: (reel: Reel) => void;
  onClose?: () => void;
}

type Upload =
  | { state: "idle" }
  | { state: "uploading"; loaded: number; total: number }
  | { state: "done"; reel: Reel }
  | { state: "failed"; message: string };

/** Uploads a WebM or MP4 file as a reel, with a real progress bar and cancel. */
export function UploadVideo({ onUploaded, onClose }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const handle = useRef<UploadHandle | null>(null);
  const ids = { file: useId(), title: useId(), description: useId() };

  useEffect(() => () => handle.current?.cancel(), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (file === null) return setFieldError("Choose a video file.");
    if (!acceptedTypes.includes(file.type))
      return setFieldError("Only WebM and MP4 videos can be uploaded.");
    if (title.trim() === "") return setFieldError("Give the video a title.");
    setFieldError(null);
    setUpload({ state: "uploading", loaded: 0, total: file.size });
    const current = uploadReel(
      {
        file,
        title: title.trim(),
        description: description.trim() || undefined,
      },
      (loaded, total) => setUpload({ state: "uploading", loaded, total }),
    );
    handle.current = current;
    try {
      const { reel } = await current.promise;
      setUpload({ state: "done", reel });
      onUploaded?.(reel);
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError")
        setUpload({ state: "idle" });
      else setUpload({ state: "failed", message: friendlyMessage(error) });
    } finally {
      handle.current = null;
    }
  }

  if (upload.state === "done") {
    return (
      <section className="panel upload" role="status">
        <p>Uploaded “{upload.reel.title}”.</p>
        <div className="row">
          <Link
            className="button"
            to={`/reels/${encodeURIComponent(upload.reel.id)}`}
          >
            View it
          </Link>
          {onClose !== undefined ? (
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          ) : null}
        </div>
      </section>
    );
  }

  const uploading = upload.state === "uploading";
  const percent =
    uploading && upload.total > 0
      ? Math.min(100, Math.round((upload.loaded / upload.total) * 100))
      : 0;
  return (
    <form
      className="panel upload form"
      onSubmit={onSubmit}
      aria-label="Upload video"
      noValidate
    >
      <div className="field">
        <label htmlFor={ids.file}>Video file (WebM or MP4)</label>
        <input
          id={ids.file}
          type="file"
          accept={acceptedTypes.join(",")}
          disabled={uploading}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        <input
          id={ids.title}
          value={title}
          maxLength={100}
          disabled={uploading}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <input
          id={ids.description}
          value={description}
          maxLength={2000}
          disabled={uploading}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      {fieldError !== null ? (
        <p className="error-text" role="alert">
          {fieldError}
        </p>
      ) : null}
      {upload.state === "failed" ? (
        <p className="error-text" role="alert">
          {upload.message}
        </p>
      ) : null}
      {uploading ? (
        <div className="progress">
          <progress max={100} value={percent} aria-label="Upload progress" />
          <span aria-live="polite">{percent}%</span>
          <button
            type="button"
            className="secondary"
            onClick={() => handle.current?.cancel()}
          >
            Cancel upload
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="submit" className="primary">
            Upload
          </button>
          {onClose !== undefined ? (
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          ) : null}
        </div>
      )}
    </form>
  );
}
