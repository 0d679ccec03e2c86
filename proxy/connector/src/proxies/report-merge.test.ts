import { describe, expect, it } from "vitest";
import { mergeReportRows } from "./report-merge.ts";

const agent = {
  proxyId: "catalog-1",
  identity: "spiffe://td/ns/d/sa/catalog",
  service: "catalog",
  namespace: "d",
  certNotAfter: { seconds: 9, nanos: 0 },
  certRootFingerprint: "ab",
  kind: "PROXY_KIND_GRPC_PROXYLESS" as const,
};
const xds = {
  proxyId: "catalog-1",
  identity: "",
  service: "",
  namespace: "",
  appliedConfigVersion: 4,
  kind: "PROXY_KIND_GRPC_PROXYLESS" as const,
  userAgent: "gRPC Node Pure JS",
};

describe("mergeReportRows", () => {
  it("folds a cert agent into the xDS client with its node id: receipts from xDS, certificate from the agent", () => {
    expect(mergeReportRows([agent, { proxyId: "prx_web" }], [xds])).toEqual([
      {
        ...xds,
        identity: agent.identity,
        service: "catalog",
        namespace: "d",
        certNotAfter: agent.certNotAfter,
        certRootFingerprint: "ab",
      },
      { proxyId: "prx_web" },
    ]);
  });

  it("keeps an agent whose client has not dialled, and a client without agent", () => {
    expect(mergeReportRows([agent], [])).toEqual([agent]);
    expect(mergeReportRows([], [xds])).toEqual([xds]);
  });
});
