import { useEffect, useRef } from "react";
import { Link } from "react-router";

interface Props {
  title?: string;
  onContinue: () => void;
}

/** The 403 sensitive_content_not_acknowledged interstitial. */
export function SensitiveGate({ title, onContinue }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel gate">
      <h2 ref={heading} tabIndex={-1}>
        Sensitive content
      </h2>
      <p>
        {title !== undefined ? <strong>{title}</strong> : "This stream"} is
        marked as sensitive by its creator. It may show things some people would
        rather not see.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={onContinue}>
          Watch anyway
        </button>
        <Link className="button secondary" to="/">
          Go back
        </Link>
      </div>
    </section>
  );
}
