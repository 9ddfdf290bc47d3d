import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

/** What a viewer can do about one message: moderators remove it, time out or ban its author;
 * everyone signed in can report it to the operators. */
export type ChatMessageAction = "remove" | "timeout" | "ban" | "report";

const labels: Readonly<Record<ChatMessageAction, string>> = {
  remove: "Remove message",
  timeout: "Time out 10 minutes",
  ban: "Ban",
  report: "Report message",
};

/** Actions that hit the author hard are drawn in the danger colour. */
const dangerous: ReadonlySet<ChatMessageAction> = new Set(["timeout", "ban"]);

interface Props {
  /** Whose message it is, for the button's name ("More actions for Carol's message"). */
  authorName: string;
  /** The items, in order. With a moderation action the menu is "Moderate Carol's message". */
  actions: readonly ChatMessageAction[];
  onAction: (action: ChatMessageAction) => void;
}

/**
 * A menu button (WAI-ARIA APG "menu button") beside a chat message: arrows, Home and End move
 * between the items, Escape closes it and puts focus back on the button, a click elsewhere or Tab
 * closes it. Choosing an item closes the menu with focus on the button (a dialog opened next
 * returns focus there), then calls `onAction`.
 */
export function ChatMessageMenu({ authorName, actions, onAction }: Props) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLSpanElement>(null);
  /** Which item takes focus when the menu opens. */
  const [initial, setInitial] = useState<"first" | "last">("first");
  const menuId = useId();

  const menuItems = () => [
    ...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ??
      []),
  ];

  useEffect(() => {
    if (!open) return undefined;
    const all = menuItems();
    (initial === "first" ? all[0] : all.at(-1))?.focus();
    // The chat log scrolls: the menu of its last message must not open out of sight.
    menuRef.current?.scrollIntoView?.({ block: "nearest" });
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, initial]);

  function openMenu(at: "first" | "last") {
    setInitial(at);
    setOpen(true);
  }

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  function choose(action: ChatMessageAction) {
    close();
    onAction(action);
  }

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      openMenu(event.key === "ArrowDown" ? "first" : "last");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = menuItems();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => all[(i + all.length) % all.length]?.focus();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(all.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        close();
        break;
      case "Tab":
        setOpen(false);
        break;
      default:
        break;
    }
  }

  return (
    <span className="chat-actions" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className="link-button chat-actions-button"
        aria-label={`More actions for ${authorName}'s message`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openMenu("first"))}
        onKeyDown={onButtonKeyDown}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          className="chat-actions-menu"
          role="menu"
          aria-label={
            actions.some((a) => a !== "report")
              ? `Moderate ${authorName}'s message`
              : `Actions for ${authorName}'s message`
          }
          onKeyDown={onMenuKeyDown}
        >
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={dangerous.has(action) ? "danger-text" : undefined}
              onClick={() => choose(action)}
            >
              {labels[action]}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  );
}
