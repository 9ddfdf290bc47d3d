import { Component, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** Shown in the fallback heading, e.g. the screen's name. */
  label?: string;
}

interface State {
  error: Error | null;
}

/** Catches render errors of one screen so the rest of the app keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="panel error-panel" role="alert">
        <h1>
          Something went wrong
          {this.props.label ? ` on ${this.props.label}` : ""}
        </h1>
        <p>
          This part of onair hit an unexpected problem. You can try again or go
          back home.
        </p>
        <div className="row">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <a className="button secondary" href="/">
            Go home
          </a>
        </div>
      </section>
    );
  }
}
