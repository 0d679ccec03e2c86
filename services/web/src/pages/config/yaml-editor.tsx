import { useRef } from "preact/hooks";
import type { DocError } from "../../lib/resource-yaml.ts";

/**
 * A plain textarea with a line-number gutter that marks the lines with errors, and the
 * errors listed under it (linked to the textarea for screen readers). No editor library:
 * the console must stay small and work offline.
 */
export function YamlEditor(props: {
  value: string;
  onInput: (text: string) => void;
  errors: DocError[];
  readOnly: boolean;
  label: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = props.value.split("\n").length;
  const bad = new Set(props.errors.map((e) => e.line).filter((l): l is number => l !== null));
  return (
    <div class="yaml">
      <label for="yaml-text">{props.label}</label>
      <div class="editor">
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} class={bad.has(i + 1) ? "bad" : ""}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id="yaml-text"
          spellcheck={false}
          value={props.value}
          readOnly={props.readOnly}
          rows={Math.min(30, Math.max(12, lines + 1))}
          aria-invalid={props.errors.length > 0}
          aria-describedby={props.errors.length > 0 ? "yaml-errors" : undefined}
          onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = (e.currentTarget as HTMLTextAreaElement).scrollTop;
          }}
        />
      </div>
      {props.errors.length > 0 ? (
        <ul class="yaml-errors" id="yaml-errors" data-testid="yaml-errors">
          {props.errors.map((e, i) => (
            <li key={`${e.pointer}-${i}`} class="field-error">
              {e.line !== null ? <strong>Line {e.line}: </strong> : null}
              {e.pointer ? <code>{e.pointer.replace(/^\//, "").replaceAll("/", ".")}</code> : null} {e.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
