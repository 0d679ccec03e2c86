import { allPaths, type JsonPath, objectPaths, stringPaths, valueAt, withValueAt } from "./json-paths.ts";
import { expandPath, type Operation, pathParameters } from "./operations.ts";
import type { SeededRandom } from "./seeded-random.ts";

/** One generated request, ready to send. */
export interface FuzzRequest {
  kind: MutationKind;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

interface Input {
  op: Operation;
  rng: SeededRandom;
  values: Record<string, string>;
  baseline: unknown;
}

const json = { "content-type": "application/json" };

const request = (
  kind: MutationKind,
  i: Input,
  body: unknown,
  extra: Partial<FuzzRequest> = {},
): FuzzRequest => ({
  kind,
  method: i.op.method,
  path: expandPath(i.op.path, i.values),
  headers: { ...json },
  ...(body === undefined || body === null ? {} : { body: JSON.stringify(body) }),
  ...extra,
});

/** Replaces a random location of the baseline (any location, or one of `candidates`). */
function replaceSomewhere(i: Input, replacement: unknown, candidates?: JsonPath[]): unknown {
  const paths = candidates && candidates.length > 0 ? candidates : allPaths(i.baseline ?? {});
  return withValueAt(i.baseline ?? {}, i.rng.pick(paths), replacement);
}

function otherType(rng: SeededRandom, current: unknown): unknown {
  const options: unknown[] = [
    0,
    -1,
    1.5,
    1e308,
    -0,
    2 ** 53 + 1,
    "",
    "0",
    "true",
    true,
    false,
    null,
    [],
    [1, "a"],
    {},
    { a: 1 },
  ];
  return rng.pick(
    options.filter((o) => typeof o !== typeof current || Array.isArray(o) !== Array.isArray(current)),
  );
}

/** Deeply nested arrays and objects, as text (JSON.stringify itself would overflow the stack). */
function nestedText(rng: SeededRandom): string {
  const depth = rng.int(64, 20_000);
  let open = "";
  let close = "";
  for (let d = 0; d < depth; d++) {
    const array = rng.chance(0.5);
    open += array ? "[" : '{"a":';
    close = (array ? "]" : "}") + close;
  }
  return `${open}"leaf"${close}`;
}

function insertAt(rng: SeededRandom, s: string, piece: string): string {
  const at = rng.int(0, s.length);
  return s.slice(0, at) + piece + s.slice(at);
}

const badDurations = [
  "x",
  "",
  "999999999h",
  "99999h",
  "2562047h",
  "-1s",
  "1.5s",
  "1e9s",
  "10",
  "1h1h1h1h1h",
  " 1s",
  "1s ",
  "PT1S",
  "٣s",
  "1 s",
  "0x10s",
  "1S",
  "ms",
  "h",
  "99999h99999h99999h99999h",
];
const durationPattern = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

const badEtags = [
  '"',
  'W/"g1"',
  '"g99999999999999999999999"',
  "*",
  "x".repeat(8000),
  '"g-1"',
  '"v1", "v2"',
  '""',
  "g1",
  '"v1.5"',
];
const badContentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/xml",
  "",
  "application/problem+json",
  "*/*",
];
const badPathValues = [
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%FF",
  "%C0%AE",
  "x".repeat(5000),
  "..",
  "%2e%2e",
  "%2F",
  "%",
  "%zz",
  "%E2%80%AE",
  "%F0%9F%92%A9",
  " ",
  "%20",
  "a%0Ab",
  "__proto__",
  "constructor",
];

export const mutations = {
  "wrong-type": (i: Input) => {
    const paths = allPaths(i.baseline ?? {});
    const path = i.rng.pick(paths);
    return request(
      "wrong-type",
      i,
      withValueAt(i.baseline ?? {}, path, otherType(i.rng, valueAt(i.baseline, path))),
    );
  },
  "huge-string": (i: Input) =>
    request(
      "huge-string",
      i,
      replaceSomewhere(i, "A".repeat(i.rng.int(10_000, 200_000)), stringPaths(i.baseline)),
    ),
  "deep-nesting": (i: Input) => {
    const marked = JSON.stringify(replaceSomewhere(i, "\u0001deep"));
    return { ...request("deep-nesting", i, null), body: marked.replace('"\\u0001deep"', nestedText(i.rng)) };
  },
  nul: (i: Input) => {
    const paths = stringPaths(i.baseline);
    if (paths.length === 0 || i.rng.chance(0.2))
      return request("nul", i, replaceSomewhere(i, { "a\u0000b": "c" }, objectPaths(i.baseline)));
    const path = i.rng.pick(paths);
    return request(
      "nul",
      i,
      withValueAt(i.baseline, path, insertAt(i.rng, String(valueAt(i.baseline, path)), "\u0000")),
    );
  },
  surrogate: (i: Input) => {
    const lone = i.rng.pick(["\ud800", "\udfff", "\udc00\ud800", "a\ud83d"]);
    const paths = stringPaths(i.baseline);
    if (paths.length === 0 || i.rng.chance(0.2))
      return request("surrogate", i, replaceSomewhere(i, { [`k${lone}`]: lone }, objectPaths(i.baseline)));
    const path = i.rng.pick(paths);
    return request(
      "surrogate",
      i,
      withValueAt(i.baseline, path, insertAt(i.rng, String(valueAt(i.baseline, path)), lone)),
    );
  },
  "proto-key": (i: Input) => {
    const key = i.rng.pick(["__proto__", "constructor", "prototype"]);
    const value =
      key === "constructor" ? { prototype: { polluted: true } } : { polluted: true, role: "owner" };
    // No body, or one with no object in it (a bare string, a list of them): an object of its own.
    const paths = objectPaths(i.baseline);
    if (paths.length === 0) return request("proto-key", i, withValueAt({}, [key], value));
    return request("proto-key", i, withValueAt(i.baseline, [...i.rng.pick(paths), key], value));
  },
  "bad-duration": (i: Input) => {
    const durations = stringPaths(i.baseline).filter((p) =>
      durationPattern.test(String(valueAt(i.baseline, p))),
    );
    const bad = i.rng.pick(badDurations);
    if (durations.length > 0)
      return request("bad-duration", i, withValueAt(i.baseline, i.rng.pick(durations), bad));
    // No duration in this body: the most common one, the certificate lifetime of mesh settings.
    return request(
      "bad-duration",
      i,
      replaceSomewhere(i, { certificates: { ttl: bad } }, objectPaths(i.baseline)),
    );
  },
  "bad-etag": (i: Input) =>
    request("bad-etag", i, i.baseline, {
      headers: { ...json, [i.rng.pick(["if-match", "if-none-match"])]: i.rng.pick(badEtags) },
    }),
  "content-type": (i: Input) => {
    const type = i.rng.pick(badContentTypes);
    const body = type.startsWith("application/x-www") ? "a=b&spec=c" : JSON.stringify(i.baseline ?? {});
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    return { ...request("content-type", i, null), headers, body };
  },
  "truncated-json": (i: Input) => {
    const text = JSON.stringify(i.baseline ?? { a: 1 });
    return { ...request("truncated-json", i, null), body: text.slice(0, i.rng.int(0, text.length - 1)) };
  },
  "invalid-utf8": (i: Input) => {
    const text = Buffer.from(JSON.stringify(i.baseline ?? { a: "b" }));
    const quote = text.indexOf(0x22, 1);
    const bytes = Buffer.concat([
      text.subarray(0, quote + 1),
      Buffer.from([0xff, 0xfe, 0xc0, 0x80]),
      text.subarray(quote + 1),
    ]);
    return { ...request("invalid-utf8", i, null), body: new Uint8Array(bytes) };
  },
  "bad-path-param": (i: Input) => {
    const names = pathParameters(i.op.path);
    if (names.length === 0) return mutations["wrong-type"](i);
    const values = {
      ...Object.fromEntries(Object.entries(i.values).map(([k, v]) => [k, encodeURIComponent(v)])),
    };
    values[i.rng.pick(names)] = i.rng.pick(badPathValues);
    return { ...request("bad-path-param", i, i.baseline), path: expandPath(i.op.path, values, true) };
  },
  "bad-idempotency-key": (i: Input) =>
    request("bad-idempotency-key", i, i.baseline, {
      headers: { ...json, "idempotency-key": i.rng.pick(["", " ", "k".repeat(256), "k".repeat(5000)]) },
    }),
} as const;

export type MutationKind = keyof typeof mutations;
export const mutationKinds = Object.keys(mutations) as MutationKind[];

/** One bad request for `op`, of a kind chosen by `rng`. Pure given the generator's state. */
export function generate(
  op: Operation,
  rng: SeededRandom,
  values: Record<string, string>,
  baseline: unknown,
): FuzzRequest {
  return mutations[rng.pick(mutationKinds)]({ op, rng, values, baseline });
}
