import { schema } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { invalid, notFound, unavailable } from "../errors.ts";
import { randomBase62 } from "../ids.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import type { TapSpec } from "./messages.ts";
import type { TapWatch } from "./watch.ts";

/** Bounds every tap has, whatever the client asks: duration, events, and rate. */
export const tapLimits = { maxEvents: 1000, maxSeconds: 300, eventsPerSecond: 20 } as const;
/** At most this many clusters per tap, so the start message fits one NOTIFY. */
const maxClusters = 200;

export interface OpenTapInput {
  mesh: string;
  service?: string | undefined;
  namespace?: string | undefined;
  path?: string | undefined;
  max: number;
  seconds: number;
}

/** The tap's relay, as the verb needs it (ctx.taps). */
export interface TapOpener {
  open(spec: TapSpec): Promise<TapWatch>;
}

/**
 * Starts a live tap of a service: needs the `tap` permission, is written to the audit log,
 * and asks the connectors of every connected cluster that runs the service to sample.
 */
export async function openTap(
  { ctx, actor, requestId, input }: VerbArgs<OpenTapInput>,
  taps: TapOpener,
): Promise<{ watch: TapWatch; spec: TapSpec; clusters: string[] }> {
  authorize(actor, "tap");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const service = input.service;
  if (!service)
    throw invalid("query parameter /service is required", [{ pointer: "/service", detail: "required" }]);
  const clusters = await clustersRunning(ctx, mesh.id, service, input.namespace);
  if (clusters.length === 0)
    throw notFound(`service ${input.namespace ? `${input.namespace}/` : ""}${service} in mesh ${mesh.name}`);
  const connected = clusters.filter((c) => c.connected).slice(0, maxClusters);
  if (connected.length === 0)
    throw unavailable(`no connector of a cluster running ${service} is connected; try again once one is`);
  const spec: TapSpec = {
    tapId: `tap_${randomBase62(16)}`,
    meshId: mesh.id,
    clusterIds: connected.map((c) => c.id),
    service,
    namespace: input.namespace ?? "",
    pathPrefix: input.path ?? "",
    maxEvents: Math.min(input.max, tapLimits.maxEvents),
    maxDurationMs: Math.min(input.seconds, tapLimits.maxSeconds) * 1000,
    maxEventsPerSecond: tapLimits.eventsPerSecond,
  };
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actor, requestId, {
      action: "tap.start",
      target: `${mesh.name}/${input.namespace ? `${input.namespace}/` : ""}${service}`,
      details: {
        tapId: spec.tapId,
        path: spec.pathPrefix,
        maxEvents: spec.maxEvents,
        seconds: spec.maxDurationMs / 1000,
        clusters: connected.map((c) => c.name),
      },
    }),
  );
  const watch = await taps.open(spec);
  return { watch, spec, clusters: connected.map((c) => c.name) };
}

async function clustersRunning(ctx: Context, meshId: string, service: string, namespace?: string) {
  const d = schema.discoveredServices;
  const c = schema.clusters;
  const rows = await ctx.db
    .selectDistinct({ id: c.id, name: c.name, connected: c.connected })
    .from(d)
    .innerJoin(c, eq(c.id, d.clusterId))
    .where(
      and(eq(d.meshId, meshId), eq(d.name, service), namespace ? eq(d.namespace, namespace) : undefined),
    );
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
