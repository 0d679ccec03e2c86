import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { formErrors } from "../lib/api-errors.ts";
import type { FormErrors } from "../lib/field-errors.ts";
import { Field } from "./field.tsx";

const noErrors: FormErrors = { byField: {}, other: [] };

/** A form's live state: its values by field, the errors of the last submit, busy. */
export interface FormState<F extends string> {
  values: Record<F, string>;
  set: (field: F, value: string) => void;
  errors: FormErrors;
  busy: boolean;
  /** The success line of the last submit (a `role=status` message), if it returned one. */
  done: string;
  /** Runs a submit: clears the messages, calls `run` (a string it returns is the success line), and sorts an API error onto the fields. */
  submit: (run: (values: Record<F, string>) => Promise<unknown>) => Promise<void>;
}

/**
 * The state of one form. `conflictField` gets the detail of a 409 (a taken email or name).
 * `resetAfter` lists the fields emptied after a successful submit.
 */
export function useForm<F extends string>(
  initial: Record<F, string>,
  options: { conflictField?: NoInfer<F>; resetAfter?: readonly NoInfer<F>[] } = {},
): FormState<F> {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const fields = Object.keys(initial);
  return {
    values,
    errors,
    busy,
    done,
    set: (field, value) => setValues((v) => ({ ...v, [field]: value })),
    async submit(run) {
      setBusy(true);
      setDone("");
      try {
        const message = await run(values);
        setErrors(noErrors);
        setDone(typeof message === "string" ? message : "");
        if (options.resetAfter)
          setValues((v) => ({ ...v, ...Object.fromEntries(options.resetAfter!.map((f) => [f, ""])) }));
      } catch (err) {
        setErrors(formErrors(err, fields, options.conflictField));
      } finally {
        setBusy(false);
      }
    },
  };
}

/**
 * A form with the console's one shape: an optional heading and intro, the form-level alert,
 * the success status, the fields, and the submit button (disabled and relabelled while busy).
 * Errors on fields come from the API's JSON pointers (`useForm`).
 */
export function Form<F extends string>(props: {
  form: FormState<F>;
  onSubmit: (values: Record<F, string>) => Promise<unknown>;
  submit: string;
  busySubmit?: string;
  /** The accessible name (when there is no visible heading, or a different one). */
  label?: string;
  title?: ComponentChildren;
  intro?: ComponentChildren;
  card?: boolean;
  describedBy?: string;
  children: ComponentChildren;
}) {
  const { form } = props;
  return (
    <form
      class={props.card === false ? undefined : "card"}
      noValidate
      aria-label={props.label}
      aria-describedby={props.describedBy}
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit(props.onSubmit);
      }}
    >
      {props.title ? <h2>{props.title}</h2> : null}
      {props.intro ? <p class="muted">{props.intro}</p> : null}
      <FormAlert messages={form.errors.other} />
      {form.done ? (
        <p class="success" role="status">
          {form.done}
        </p>
      ) : null}
      {props.children}
      <button type="submit" disabled={form.busy}>
        {form.busy ? (props.busySubmit ?? props.submit) : props.submit}
      </button>
    </form>
  );
}

/** A text input of a `Form`, bound to its value and errors by name. */
export function FormField<F extends string>(props: {
  form: FormState<F>;
  name: F;
  label: string;
  type?: string;
  hint?: ComponentChildren;
  autoComplete?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const { form, name } = props;
  return (
    <Field
      label={props.label}
      name={name}
      type={props.type}
      value={form.values[name]}
      onInput={(v) => form.set(name, v)}
      errors={form.errors.byField[name]}
      hint={props.hint}
      autoComplete={props.autoComplete}
      required={props.required}
      autoFocus={props.autoFocus}
    />
  );
}

/** A select of a `Form` (e.g. a role), bound by name; `options` are the values offered. */
export function FormSelect<F extends string>(props: {
  form: FormState<F>;
  name: F;
  label: string;
  options: readonly string[];
}) {
  const id = `select-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.form.values[props.name]}
        onChange={(e) => props.form.set(props.name, (e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form-level messages of a failed submit, announced to screen readers. */
export function FormAlert(props: { messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="alert" role="alert" data-testid="form-error">
      {props.messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
