/**
 * `helm template` for the subset of Go templates the generated chart uses — values and
 * `.Release.Namespace` through `required`, `toString` and `toJson`, and `{{- if }}` /
 * `{{- end }}` — so the chart can be rendered here, where there is no helm binary.
 * Anything else throws: a template that used more would not be "trivially derived".
 */
export interface HelmScope {
  Values: unknown;
  Release: { Namespace: string };
}

const action = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;

export function renderTemplate(text: string, scope: HelmScope): string {
  let out = "";
  let last = 0;
  const emitting: boolean[] = [];
  const on = () => emitting.every(Boolean);
  for (const m of text.matchAll(action)) {
    let before = text.slice(last, m.index);
    if (m[1] === "-") before = before.replace(/\s+$/, "");
    if (on()) out += before;
    last = m.index + m[0].length;
    if (m[3] === "-") while (/\s/.test(text[last] ?? "")) last++;
    const body = m[2]!;
    if (body.startsWith("if ")) emitting.push(truthy(lookup(body.slice(3).trim(), scope)));
    else if (body === "end") {
      if (emitting.pop() === undefined) throw new Error("{{ end }} without {{ if }}");
    } else if (on()) out += pipeline(body, scope);
  }
  if (emitting.length > 0) throw new Error("unclosed {{ if }}");
  return out + text.slice(last);
}

function pipeline(body: string, scope: HelmScope): string {
  const [head, ...fns] = body.split(/\s*\|\s*/);
  let value: unknown;
  const required = /^required\s+"([^"]*)"\s+(\S+)$/.exec(head!);
  if (required) {
    value = lookup(required[2]!, scope);
    if (!truthy(value)) throw new Error(`execution error: ${required[1]}`);
  } else value = lookup(head!, scope);
  for (const fn of fns) {
    if (fn === "toJson") value = JSON.stringify(value ?? null);
    else if (fn === "toString") value = String(value ?? "");
    else throw new Error(`unsupported template function "${fn}"`);
  }
  return String(value);
}

function lookup(ref: string, scope: HelmScope): unknown {
  if (!/^\.(Values|Release)(\.[A-Za-z0-9_]+)+$/.test(ref))
    throw new Error(`unsupported template expression "${ref}"`);
  return ref
    .slice(1)
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], scope);
}

/** Go templates' truth: false, 0, nil and empty values are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v as object).length > 0;
  return true;
}
