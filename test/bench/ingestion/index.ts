/**
 * Report ingestion on one control-plane replica (BENCHMARKS.md: "10,000 proxies reporting
 * every 10 s on one replica"), end to end over the real tunnel: simulated connectors (made
 * from @trellis/protocol only) send ProxyReports and MetricBatches as fast as the replica
 * stores them, interleaved A B A B over 3 rounds; the rate is counted from the replica's
 * own `trellis_reports_ingested_total` on /metrics, so only stored reports count.
 *
 * Targets: 10,000 proxies every 10 s = 1,000 proxy statuses/s; their connectors (100 of
 * 100 proxies) send one MetricBatch each per 10 s = 10 batches/s of 50 edges.
 */
import * as grpc from "@grpc/grpc-js";
import { signedUpClient, startTestControlPlane } from "@trellis/control-plane/testing";
import {
  type ConnectorMessage__Input,
  type ControlMessage,
  latencyBucketBoundsMs,
  type TunnelProtoGrpcType,
  timestampFromMs,
  tunnelMetadata,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";
import type { BenchResult } from "../types.ts";

const connectors = 20;
const proxiesPerReport = 100;
const edgesPerBatch = 50;
const rounds = 3;
const roundMs = 3000;
const targetProxiesPerSecond = 10_000 / 10;
const targetBatchesPerSecond = 100 / 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

type Stream = grpc.ClientDuplexStream<ConnectorMessage__Input, ControlMessage>;

async function connectAll(target: string, tokens: string[]): Promise<{ streams: Stream[]; close(): void }> {
  const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
  const Tunnel = proto.trellis.tunnel.v1.Tunnel;
  const clients = tokens.map(
    () => new Tunnel(target, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 }),
  );
  const streams = await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<Stream>((resolve, reject) => {
          const md = new grpc.Metadata();
          md.set(tunnelMetadata.joinToken, tokens[i]!);
          const call = client.Connect(md);
          call.on("error", () => {});
          call.on("data", (m: ControlMessage) => m.welcome && resolve(call));
          call.on("status", (s: grpc.StatusObject) => reject(new Error(`stream ended: ${s.details}`)));
          call.write({ hello: { connectorVersion: "bench", appliedVersion: 0, discoveryMode: "bench" } });
          // Keep the stream alive: the tunnel closes streams silent for three heartbeats.
          const ping = setInterval(
            () => call.write({ heartbeat: { seq: 1, sentAt: timestampFromMs(Date.now()) } }),
            1000,
          );
          call.on("close", () => clearInterval(ping));
          ping.unref();
        }),
    ),
  );
  return {
    streams,
    close() {
      for (const s of streams) s.cancel();
      for (const c of clients) c.close();
    },
  };
}

const report = (c: number, n: number): ConnectorMessage__Input => ({
  proxyReport: {
    proxies: Array.from({ length: proxiesPerReport }, (_, i) => ({
      proxyId: `prx_c${c}p${i}`,
      service: `svc${i % 10}`,
      namespace: "bench",
      workload: `w${i}`,
      identity: `spiffe://bench/ns/bench/sa/svc${i % 10}`,
      proxyVersion: "0.1.0",
      appliedConfigVersion: 1 + (n % 2),
      health: "PROXY_HEALTH_READY",
      startedAt: timestampFromMs(Date.now() - 3_600_000),
      certNotAfter: timestampFromMs(Date.now() + 86_400_000),
    })),
  },
});

const batch = (c: number): ConnectorMessage__Input => ({
  metricBatch: {
    windowStart: timestampFromMs(Date.now()),
    window: { seconds: 10, nanos: 0 },
    edges: Array.from({ length: edgesPerBatch }, (_, i) => ({
      sourceService: `svc${i % 10}`,
      sourceNamespace: "bench",
      destinationService: `svc${(i + c) % 10}`,
      destinationNamespace: "bench",
      route: `r${i}`,
      requests: 1000,
      successes: 990,
      latencyBuckets: latencyBucketBoundsMs.map((_, k) => (k < 10 ? 100 : 0)).concat([0]),
    })),
  },
});

/** Sends `perConnector` messages on every stream and waits until the replica stored them all. */
async function measure(
  streams: Stream[],
  perConnector: number,
  make: (c: number, n: number) => ConnectorMessage__Input,
  ingested: () => Promise<number>,
): Promise<number> {
  const before = await ingested();
  const expected = before + perConnector * streams.length;
  const started = performance.now();
  for (let n = 0; n < perConnector; n++) for (const [c, s] of streams.entries()) s.write(make(c, n));
  while ((await ingested()) < expected) await new Promise((r) => setTimeout(r, 25));
  return (perConnector * streams.length) / ((performance.now() - started) / 1000);
}

export async function run(): Promise<BenchResult> {
  const cp = await startTestControlPlane({ env: { WORKER_INTERVAL_MS: "3600000", LOG_LEVEL: "silent" } });
  try {
    const { client } = await signedUpClient(cp.url, "Bench");
    await client.post("/v1/meshes", { name: "bench" });
    const tokens: string[] = [];
    for (let c = 0; c < connectors; c++)
      tokens.push((await client.post("/v1/meshes/bench/clusters", { name: `c${c}` })).body.joinToken.token);
    const { streams, close } = await connectAll(cp.tunnelTarget, tokens);
    const counter = (kind: string) => async () => {
      const text = await (await fetch(`${cp.url}/metrics`)).text();
      const m = new RegExp(`trellis_reports_ingested_total\\{kind="${kind}"\\} (\\d+)`).exec(text);
      return m ? Number(m[1]) : 0;
    };
    const reports = counter("proxy_report");
    const batches = counter("metric_batch");
    try {
      // Warm-up also sizes each round to about roundMs.
      const reportRate = await measure(streams, 5, report, reports);
      const batchRate = await measure(streams, 5, (c) => batch(c), batches);
      const perReportRound = Math.max(2, Math.round((reportRate * roundMs) / 1000 / connectors));
      const perBatchRound = Math.max(2, Math.round((batchRate * roundMs) / 1000 / connectors));
      const series = { reports: [] as number[], batches: [] as number[] };
      for (let r = 0; r < rounds; r++) {
        series.reports.push((await measure(streams, perReportRound, report, reports)) * proxiesPerReport);
        series.batches.push(await measure(streams, perBatchRound, (c) => batch(c), batches));
      }
      const db = cp.database.kind;
      const note = (xs: number[]) => `${db}; median of ${rounds} rounds, spread ${spread(xs)}`;
      return {
        name: "ingestion",
        rows: [
          {
            metric: `proxy statuses stored (ProxyReports of ${proxiesPerReport}, ${connectors} connectors)`,
            ours: Math.round(median(series.reports)),
            reference: targetProxiesPerSecond,
            unit: "proxies/s",
            note: `${note(series.reports)}; reference = target 10,000 proxies / 10 s`,
          },
          {
            metric: "ProxyReports stored",
            ours: Math.round(median(series.reports) / proxiesPerReport),
            reference: targetProxiesPerSecond / proxiesPerReport,
            unit: "reports/s",
            note: `reference = 100 connectors × 1 report / 10 s`,
          },
          {
            metric: `MetricBatches stored (${edgesPerBatch} edges each)`,
            ours: Math.round(median(series.batches)),
            reference: targetBatchesPerSecond,
            unit: "batches/s",
            note: `${note(series.batches)}; ${Math.round(median(series.batches) * edgesPerBatch)} edges/s; reference = 100 connectors × 1 batch / 10 s`,
          },
        ],
      };
    } finally {
      close();
    }
  } finally {
    await cp.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  console.log(`\n${result.name}`);
  console.table(result.rows);
  process.exit(0);
}
