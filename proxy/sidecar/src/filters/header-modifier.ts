import type { OutgoingHttpHeaders } from "node:http";

/**
 * Gateway API RequestHeaderModifier / ResponseHeaderModifier. Names are compared
 * case-insensitively (Node lower-cases incoming names). Applied in Istio's order:
 * `set` replaces, then `add` appends to what is there (comma-joined, as the Gateway
 * API example `my-header: foo` + add `bar,baz` → `foo,bar,baz`; `set-cookie` gets a
 * second line instead, since it cannot be comma-joined), then `remove` deletes.
 */
export type HeaderModifier = {
  set: readonly (readonly [string, string])[];
  add: readonly (readonly [string, string])[];
  remove: readonly string[];
};

type RawModifier = {
  set?: { name: string; value: string }[] | undefined;
  add?: { name: string; value: string }[] | undefined;
  remove?: string[] | undefined;
};

/** A snapshot header modifier as name/value pairs (names lower case, as Node gives them). */
export function indexHeaderModifier(m: RawModifier): HeaderModifier {
  const pairs = (list: { name: string; value: string }[] | undefined) =>
    (list ?? []).map((h) => [h.name.toLowerCase(), h.value] as const);
  return {
    set: pairs(m.set),
    add: pairs(m.add),
    remove: (m.remove ?? []).map((n) => n.toLowerCase()),
  };
}

export function applyHeaderModifier(headers: OutgoingHttpHeaders, m: HeaderModifier): void {
  for (const [name, value] of m.set) headers[name] = value;
  for (const [name, value] of m.add) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (Array.isArray(existing)) headers[name] = [...existing, value];
    else if (name === "set-cookie") headers[name] = [String(existing), value];
    else headers[name] = `${existing},${value}`;
  }
  for (const name of m.remove) delete headers[name];
}
