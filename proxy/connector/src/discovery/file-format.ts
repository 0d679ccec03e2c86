import { portSchema } from "@trellis/protocol/names";
import { appProtocolSchema } from "@trellis/protocol/snapshot";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type DiscoveredServices, normalize } from "./types.ts";

/**
 * The `--discovery file:<path>` format (YAML or JSON; JSON is YAML). See README.md.
 * Endpoints address the workload's proxy inbound listener.
 */
export const discoveryFileSchema = z.strictObject({
  services: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        namespace: z.string().min(1).default("default"),
        ports: z
          .array(
            z.strictObject({ port: portSchema, protocol: appProtocolSchema, name: z.string().optional() }),
          )
          .min(1),
        endpoints: z
          .array(
            z.strictObject({
              address: z.string().min(1),
              port: portSchema,
              serviceAccount: z.string().optional(),
              vmName: z.string().optional(),
              workload: z.string().optional(),
              ready: z.boolean().default(true),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

export type DiscoveryFile = z.infer<typeof discoveryFileSchema>;

/** Parses the file's text; the error names the failing field. */
export function parseDiscoveryFile(
  text: string,
): { ok: true; update: DiscoveredServices } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { ok: false, error: `not valid YAML/JSON: ${(err as Error).message}` };
  }
  const parsed = discoveryFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const seen = new Set<string>();
  for (const s of parsed.data.services) {
    const key = `${s.namespace}/${s.name}`;
    if (seen.has(key)) return { ok: false, error: `service ${key} is listed twice` };
    seen.add(key);
  }
  return {
    ok: true,
    update: normalize({
      services: parsed.data.services.map((s) => ({
        name: s.name,
        namespace: s.namespace,
        ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol, name: p.name ?? "" })),
        endpoints: s.endpoints.map((e) => ({
          address: e.address,
          port: e.port,
          serviceAccount: e.serviceAccount ?? "",
          vmName: e.vmName ?? "",
          workload: e.workload ?? e.vmName ?? "",
          ready: e.ready,
        })),
      })),
    }),
  };
}
