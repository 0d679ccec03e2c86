import { z } from "zod";

// `GET /v1/meshes/{mesh}/tap` answers Server-Sent Events: one `start`, any number of `tap`
// events, then one `end`; each `data:` line is one of the JSON objects below.

export const tapQuerySchema = z.object({
  /** Required; checked by the verb after the mesh, so another org's mesh is a 404 whatever the query. */
  service: z.string().min(1).max(253).optional(),
  namespace: z.string().min(1).max(253).optional(),
  /** Only requests whose path starts with this. */
  path: z.string().startsWith("/").max(1024).optional(),
  max: z.coerce.number().int().min(1).max(1000).default(100),
  seconds: z.coerce.number().int().min(1).max(300).default(30),
});

/** The `start` event: the tap is running. */
export const tapStartedSchema = z.object({
  tapId: z.string(),
  /** The clusters whose connectors were asked to sample. */
  clusters: z.array(z.string()),
});
export type TapStarted = z.infer<typeof tapStartedSchema>;

/** A `tap` event: one sampled request, metadata only, never bodies. */
export const tapEventSchema = z.object({
  /** The cluster whose connector sampled it. */
  cluster: z.string(),
  proxyId: z.string(),
  /** When the request was seen (ISO 8601), if the proxy said. */
  at: z.string().nullable(),
  /** `inbound` (the tapped service served it), `outbound` (it called another service), or unknown. */
  direction: z.enum(["inbound", "outbound", ""]),
  method: z.string(),
  path: z.string(),
  authority: z.string(),
  /** HTTP status of the response. */
  status: z.number().int(),
  /** gRPC status code (0 = OK, or not gRPC). */
  grpcStatus: z.number().int(),
  latencyMs: z.number(),
  /** SPIFFE id of the caller, `""` without mTLS. */
  clientIdentity: z.string(),
  /** SPIFFE id of the server. */
  serverIdentity: z.string(),
  /** Allow-listed headers only (user-agent, request ids, trace ids, content type…). */
  headers: z.record(z.string(), z.string()),
});
export type TapEvent = z.infer<typeof tapEventSchema>;

/** Why the server ended a tap: a bound was hit, the client went away, or the replica stopped. */
export const tapEndReasons = ["max_events", "max_duration", "client_closed", "shutdown"] as const;
export type TapEndReason = (typeof tapEndReasons)[number];

/** The `end` event: why the tap ended, with its counts. */
export const tapEndedSchema = z.object({
  reason: z.enum(tapEndReasons),
  delivered: z.number().int(),
  /** Events the rate cap dropped. */
  dropped: z.number().int(),
});
export type TapEnded = z.infer<typeof tapEndedSchema>;
