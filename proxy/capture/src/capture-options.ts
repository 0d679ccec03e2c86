import { installPorts, proxyUid } from "@trellis/protocol/inject";
import { z } from "zod";

const portRange = z
  .string()
  .regex(/^\d{1,5}(:\d{1,5})?$/, "must be a port or a from:to range")
  .refine((p) => {
    const [from, to = from] = p.split(":").map(Number) as [number, number?];
    return from >= 1 && to <= 65535 && from <= to;
  }, "must be within 1–65535, from ≤ to");

const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR such as 10.0.0.0/8")
  .refine((c) => {
    const [addr, bits] = c.split("/") as [string, string];
    return addr.split(".").every((o) => Number(o) <= 255) && Number(bits) <= 32;
  }, "must be an IPv4 CIDR such as 10.0.0.0/8");

const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const port = z.coerce.number().int().min(1).max(65535);

/** What trellis-proxy-init captures; flags `--proxy-uid=2102` etc. (`--help` lists them). */
export const captureOptionsSchema = z.object({
  /** The proxy's uid: its own connections are never redirected. */
  proxyUid: z.coerce.number().int().min(0).max(4_294_967_294).default(proxyUid),
  outboundPort: port.default(installPorts.proxyOutbound),
  inboundPort: port.default(installPorts.proxyInbound),
  captureInbound: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  skipInboundPorts: list(portRange),
  skipOutboundPorts: list(portRange),
  skipOutboundCidrs: list(cidr),
  /** Print the rules, change nothing. */
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  iptablesRestore: z.string().min(1).default("iptables-restore"),
  iptablesSave: z.string().min(1).default("iptables-save"),
});
export type CaptureOptions = z.output<typeof captureOptionsSchema>;

export class CaptureOptionsError extends Error {
  override name = "CaptureOptionsError";
}

const flags = Object.keys(captureOptionsSchema.shape);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses `--flag=value` / `--flag value` (a bare `--dry-run` means true); throws naming the flag. */
export function parseCaptureArgs(argv: readonly string[]): CaptureOptions {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const field = flags.find((f) => `--${kebab(f)}` === flag);
    if (!field)
      throw new CaptureOptionsError(
        `unknown flag ${flag} (known: ${flags.map((f) => `--${kebab(f)}`).join(", ")})`,
      );
    const value = eq > 0 ? arg.slice(eq + 1) : field === "dryRun" ? "true" : argv[++i];
    if (value === undefined) throw new CaptureOptionsError(`${flag} needs a value`);
    raw[field] = value;
  }
  const parsed = captureOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CaptureOptionsError(`--${kebab(String(issue.path[0]))}: ${issue.message}`);
  }
  return parsed.data;
}
