import { type CaState, createExternalCa } from "@trellis/ca";
import type { ExternalCaInput } from "@trellis/protocol/api";
import type { Context } from "../context.ts";
import { invalid } from "../errors.ts";
import { type CaSettings, newMeshCa } from "./new-ca.ts";

/**
 * The CA a rotation moves to, from the mesh's settings as they are now — so changing
 * `settings.ca` and rotating moves a mesh between backends: a fresh builtin root, a new
 * issuer from the configured ACM Private CA, or the uploaded external issuer.
 */
export async function nextCa(
  ctx: Context,
  trustDomain: string,
  settings: CaSettings,
  external: ExternalCaInput | undefined,
): Promise<CaState> {
  if (settings.type === "external") {
    if (!external) {
      throw invalid("this mesh's CA is external: send the issuer to rotate to", [
        { pointer: "/external", detail: "required when settings.ca.type is external" },
      ]);
    }
    return externalCa(ctx, trustDomain, external);
  }
  if (external) {
    throw invalid(`this mesh's CA is ${settings.type}; set settings.ca.type to external to upload one`, [
      { pointer: "/external", detail: "only for meshes whose settings.ca.type is external" },
    ]);
  }
  return (await newMeshCa(ctx, trustDomain, settings)).state!;
}

export function externalCa(ctx: Context, trustDomain: string, input: ExternalCaInput): CaState {
  return createExternalCa({
    trustDomain,
    certPem: input.certPem,
    keyPem: input.keyPem,
    rootPem: input.rootPem,
    ...(input.intermediatesPem ? { intermediatesPem: input.intermediatesPem } : {}),
    kek: ctx.ca.kek,
    now: ctx.clock.now(),
  });
}
