import { envoyRoot, typeUrlOf, typeUrlPrefix } from "./envoy-protos.ts";
import { type JsonContext, messageFromJson, messageToJson, type ProtoProblem } from "./proto-json.ts";
import { checkRules } from "./proto-rules.ts";

/**
 * Canonical-JSON Envoy config ⇄ protobuf bytes, with Envoy's own checks on the way in.
 * `allowDeprecated` names deprecated fields (`<message>.<field>`) a caller needs on purpose.
 */
export type CodecOptions = { allowDeprecated?: readonly string[] };

export class ProtoEncodeError extends Error {
  override name = "ProtoEncodeError";
  constructor(
    readonly typeName: string,
    readonly problems: ProtoProblem[],
  ) {
    super(`${typeName}: ${problems.map((p) => `${p.path}: ${p.problem}`).join("; ")}`);
  }
}

/** Strictly converts and validates; every problem is reported, with its JSON pointer. */
export function encodeJson(
  typeName: string,
  json: unknown,
  opts: CodecOptions = {},
): { ok: true; bytes: Uint8Array } | { ok: false; problems: ProtoProblem[] } {
  const root = envoyRoot();
  const type = root.lookupType(typeName);
  const allow = new Set(opts.allowDeprecated ?? []);
  const ctx: JsonContext = {
    root,
    problems: [],
    onMessage: (t, j, path, c) => checkRules(t, j, path, c, allow),
  };
  const obj = messageFromJson(type, json, "", ctx);
  if (!obj || ctx.problems.length > 0) return { ok: false, problems: ctx.problems };
  return { ok: true, bytes: type.encode(type.fromObject(obj)).finish() };
}

export function decodeToJson(typeName: string, bytes: Uint8Array): unknown {
  const type = envoyRoot().lookupType(typeName);
  return messageToJson(type, type.decode(bytes));
}

/** An `Any` ready for a DiscoveryResponse; throws ProtoEncodeError on a problem. */
export function toAny(
  typeName: string,
  json: unknown,
  opts: CodecOptions = {},
): { type_url: string; value: Buffer } {
  const r = encodeJson(typeName, json, opts);
  if (!r.ok) throw new ProtoEncodeError(typeName, r.problems);
  return { type_url: typeUrlOf(typeName), value: Buffer.from(r.bytes) };
}

/**
 * The conformance check of generated config: strict encode (unknown field, wrong type,
 * validation rule, deprecated field = problem), decode, print back as canonical JSON,
 * encode that again and require the same bytes — nothing was lost or invented on the way.
 * Returns the decoded JSON (what Envoy's config dump would show) for further assertions.
 */
export function roundTrip(
  typeName: string,
  json: unknown,
  opts: CodecOptions = {},
): { problems: ProtoProblem[]; decoded: unknown } {
  const first = encodeJson(typeName, json, opts);
  if (!first.ok) return { problems: first.problems, decoded: null };
  const decoded = decodeToJson(typeName, first.bytes);
  const second = encodeJson(typeName, decoded, opts);
  if (!second.ok)
    return {
      problems: second.problems.map((p) => ({ ...p, problem: `after decode: ${p.problem}` })),
      decoded,
    };
  const same = Buffer.from(first.bytes).equals(Buffer.from(second.bytes));
  return {
    problems: same ? [] : [{ path: "/", problem: "re-encoding the decoded message gives other bytes" }],
    decoded,
  };
}

export function typeNameOfUrl(url: string): string {
  return url.startsWith(typeUrlPrefix)
    ? url.slice(typeUrlPrefix.length)
    : url.slice(url.lastIndexOf("/") + 1);
}
