import { writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { z } from "zod";
import { envoyBootstrap } from "../xds/bootstrap/envoy-bootstrap.ts";
import { grpcBootstrap } from "../xds/bootstrap/grpc-bootstrap.ts";
import { roundTrip } from "../xds/protos/proto-codec.ts";
import { parseFlags } from "./flags.ts";

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, "must be <host>:<port>");
const port = z.coerce.number().int().min(1).max(65535);
const spiffe = z.string().regex(/^spiffe:\/\/[^/]+\/.+/, "must be a SPIFFE id (spiffe://<trust domain>/…)");
/** Where the connector's `--xds` listens, as workloads reach it (env TRELLIS_XDS_SERVER). */
const defaultXdsServer = () => process.env.TRELLIS_XDS_SERVER ?? "127.0.0.1:4192";

const xdsBootstrapSchema = z.object({
  nodeId: z.string().min(1),
  out: z.string().min(1),
  xdsServer: hostPort.default(defaultXdsServer),
  service: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  identity: spiffe.optional(),
  certDir: z.string().min(1).optional(),
});

/** `trellis-connector xds-bootstrap`: the GRPC_XDS_BOOTSTRAP file of a proxyless gRPC workload. */
export async function xdsBootstrapCommand(argv: readonly string[]): Promise<string> {
  const o = parseFlags(
    "xds-bootstrap",
    argv,
    {
      "--node-id": "nodeId",
      "--out": "out",
      "--xds-server": "xdsServer",
      "--service": "service",
      "--namespace": "namespace",
      "--identity": "identity",
      "--cert-dir": "certDir",
    },
    xdsBootstrapSchema,
  );
  return write(o.out, grpcBootstrap(o));
}

const envoyBootstrapSchema = z
  .object({
    service: z.string().min(1),
    namespace: z.string().min(1).default("default"),
    nodeId: z.string().min(1).optional(),
    out: z.string().min(1).default("-"),
    xdsServer: hostPort.default(defaultXdsServer),
    adminPort: port.default(9901),
    outboundPort: port.default(4140),
    inboundPort: port.optional(),
    appPort: port.optional(),
    identity: spiffe.optional(),
    certDir: z.string().min(1).optional(),
    protocol: z.enum(["delta", "sotw"]).default("delta"),
  })
  .refine((o) => (o.inboundPort === undefined) === (o.appPort === undefined), {
    path: ["appPort"],
    message: "and --inbound-port go together (the inbound listener forwards to the app)",
  });

/**
 * `trellis-connector envoy-bootstrap`: an Envoy sidecar's bootstrap, checked against
 * Envoy's own Bootstrap proto (unknown fields, validation rules) before it is written.
 */
export async function envoyBootstrapCommand(argv: readonly string[]): Promise<string> {
  const o = parseFlags(
    "envoy-bootstrap",
    argv,
    {
      "--service": "service",
      "--namespace": "namespace",
      "--node-id": "nodeId",
      "--out": "out",
      "--xds-server": "xdsServer",
      "--admin-port": "adminPort",
      "--outbound-port": "outboundPort",
      "--inbound-port": "inboundPort",
      "--app-port": "appPort",
      "--identity": "identity",
      "--cert-dir": "certDir",
      "--protocol": "protocol",
    },
    envoyBootstrapSchema,
  );
  const bootstrap = envoyBootstrap({
    ...o,
    nodeId: o.nodeId ?? `envoy~${o.namespace}~${o.service}~${hostname()}`,
  });
  const check = roundTrip("envoy.config.bootstrap.v3.Bootstrap", bootstrap);
  if (check.problems.length > 0)
    throw new Error(
      `generated bootstrap is invalid: ${check.problems.map((p) => `${p.path}: ${p.problem}`).join("; ")}`,
    );
  return write(o.out, bootstrap);
}

async function write(out: string, json: unknown): Promise<string> {
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (out === "-") process.stdout.write(text);
  else await writeFile(out, text, { mode: 0o644 });
  return text;
}
