import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";

let counter = 0;
const nextId = () => `f${++counter}`;

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  errors?: string[] | undefined;
  hint?: ComponentChildren;
  autoComplete?: string;
  required?: boolean;
  autoFocus?: boolean;
  id?: string;
}

/**
 * A labelled input with its errors beside it. The errors are linked with
 * aria-describedby and the input is marked aria-invalid, so screen readers read them.
 */
export function Field(props: FieldProps) {
  const auto = useMemo(nextId, []);
  const id = props.id ?? `${props.name}-${auto}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = (props.errors?.length ?? 0) > 0;
  const describedBy = [invalid ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(" ");
  return (
    <div class={`field${invalid ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        aria-invalid={invalid}
        aria-describedby={describedBy || undefined}
        autoComplete={props.autoComplete}
        required={props.required}
        // biome-ignore lint/a11y/noAutofocus: the first field of a dedicated form page
        autoFocus={props.autoFocus}
      />
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {invalid ? (
        <p class="field-error" id={errorId} data-field-error={props.name}>
          {props.errors!.join("; ")}
        </p>
      ) : null}
    </div>
  );
}
