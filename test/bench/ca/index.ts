/**
 * CSR → signed X.509-SVID per second for the builtin CA, beside the raw node:crypto ceiling
 * (one ECDSA P-256 verify of the CSR + one ECDSA P-256 sign of a TBS), interleaved A B A B
 * in one run on one core (BENCHMARKS.md: "CSR → signed SVID ≥ 3,000/s per core").
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { createBuiltinCa, loadCa } from "@trellis/ca";
import { makeWorkloadCsr } from "@trellis/ca/testing/csr";

type BenchResult = {
  name: string;
  rows: { metric: string; ours: number; reference: number; unit: string; note?: string }[];
};

const rounds = 3;
const roundMs = 2_000;
const csrCount = 1_000;
const trustDomain = "bench.trellis.test";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Operations per CPU-second of this process (user + system): "per core" even when the
 * shared machine's other load steals wall time from us. The loop is single-threaded.
 */
async function rate(roundMsBudget: number, op: (i: number) => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let n = 0;
  while (performance.now() - start < roundMsBudget) {
    for (let k = 0; k < 50; k++, n++) await op(n);
  }
  const cpu = process.cpuUsage(cpuStart);
  return (n * 1e6) / (cpu.user + cpu.system);
}

export async function run(): Promise<BenchResult> {
  const kek = randomBytes(32);
  const ca = loadCa(createBuiltinCa({ trustDomain, kek }), kek);
  const identity = `spiffe://${trustDomain}/ns/bench/sa/load`;
  // Pre-generated outside the timed loops; each is issued many times (the CA keeps no state per CSR).
  const csrs = Array.from({ length: csrCount }, () => makeWorkloadCsr({ identity }).csrPem);
  const request = (i: number) => ({
    csrPem: csrs[i % csrCount]!,
    identity,
    ttlSeconds: 86_400,
    allowIdentity: () => true,
  });

  // The ceiling: the two public-key operations issuance cannot avoid, nothing else.
  const workload = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const issuerKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const csrInfo = randomBytes(220);
  const csrSignature = sign("sha256", csrInfo, workload.privateKey);
  const tbs = randomBytes(420);
  const raw = () => {
    if (!verify("sha256", csrInfo, workload.publicKey, csrSignature)) throw new Error("verify failed");
    sign("sha256", tbs, issuerKey);
  };
  // A second, truer ceiling: every CSR brings a new public key, and importing it into
  // OpenSSL costs about as much as the verify itself.
  const jwks = Array.from({ length: 200 }, () => {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    return {
      jwk: pair.publicKey.export({ format: "jwk" }),
      signature: sign("sha256", csrInfo, pair.privateKey),
    };
  });
  const rawWithImport = (i: number) => {
    const { jwk, signature } = jwks[i % jwks.length]!;
    const key = createPublicKey({ key: jwk, format: "jwk" });
    if (!verify("sha256", csrInfo, key, signature)) throw new Error("verify failed");
    sign("sha256", tbs, issuerKey);
  };

  const issue = (i: number) => ca.issue(request(i));
  const series = { ours: [] as number[], raw: [] as number[], rawWithImport: [] as number[] };
  // Warm up every path, then interleave A B C A B C … in one run.
  await rate(300, issue);
  await rate(300, raw);
  await rate(300, rawWithImport);
  for (let r = 0; r < rounds; r++) {
    series.ours.push(await rate(roundMs, issue));
    series.raw.push(await rate(roundMs, raw));
    series.rawWithImport.push(await rate(roundMs, rawWithImport));
  }
  const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
  const row = (reference: number[], what: string) => ({
    metric: `CSR → signed SVID (builtin CA) vs ${what}`,
    ours: Math.round(median(series.ours)),
    reference: Math.round(median(reference)),
    unit: "ops per CPU-second",
    note: `ratio ${(median(series.ours) / median(reference)).toFixed(2)}; spread ours ${spread(series.ours)}, ref ${spread(reference)}; target ≥ 3000/s per core`,
  });
  return {
    name: "ca",
    rows: [
      row(series.raw, "node:crypto P-256 verify+sign"),
      row(series.rawWithImport, "P-256 key import+verify+sign"),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  console.log(`\n${result.name}`);
  console.table(result.rows);
}
