import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { NotAvailable } from "../api/optional.ts";
import { navigate } from "../router.ts";

/** An in-app link: a real <a href> (middle-click, copy link) that navigates without a reload. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
}) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

/** A coloured status pill with the words spelled out (colour is never the only signal). */
export function Badge(props: {
  tone: "good" | "warn" | "bad" | "idle" | "info";
  children: ComponentChildren;
}) {
  return <span class={`badge badge-${props.tone}`}>{props.children}</span>;
}

/** Copies text to the clipboard and says so (with a fallback for non-secure contexts). */
export function CopyButton(props: { text: string; label?: string }) {
  const [done, setDone] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(props.text);
      else fallbackCopy(props.text);
      setDone("copied");
    } catch {
      setDone("failed");
    }
    setTimeout(() => setDone("idle"), 2500);
  };
  return (
    <button type="button" class="secondary" onClick={copy} data-testid="copy">
      {done === "copied"
        ? "Copied"
        : done === "failed"
          ? "Copy failed — select and copy"
          : (props.label ?? "Copy")}
      <span class="sr-only" aria-live="polite">
        {done === "copied" ? "Copied to the clipboard" : ""}
      </span>
    </button>
  );
}

function fallbackCopy(text: string): void {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

/** Shows why a panel has no data: an endpoint that does not exist yet, or an error. */
export function LoadError(props: { error: unknown; what?: string }) {
  if (props.error instanceof NotAvailable)
    return (
      <div class="notice" data-state="not-available">
        <strong>Not available yet.</strong> {props.error.message}; this view fills in once the control plane
        serves it.
      </div>
    );
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <div class="alert" role="alert">
      {props.what ? `Could not load ${props.what}: ` : ""}
      {message}
    </div>
  );
}

export function Loading(props: { what: string }) {
  return (
    <p class="muted" aria-busy="true">
      Loading {props.what}…
    </p>
  );
}

/** A titled card section. */
export function Panel(props: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
  id?: string;
}) {
  const headingId = `${props.id ?? props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-title`;
  return (
    <section class="panel" aria-labelledby={headingId} id={props.id}>
      <header class="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions ? <div class="actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </section>
  );
}
