import { describe, expect, it } from "vitest";
import { diffLines } from "./diff.ts";
import { formatProblem, parseDocuments } from "./documents.ts";

const text = `kind: RetryPolicy
metadata:
  name: r1
spec:
  targetRef: { kind: Service, name: web }
---
---
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs: [{ name: web }]
  rules:
    - backendRefs:
        - name: a
        - name: b
          weight: 2.5
`;

describe("parseDocuments", () => {
  it("reads several documents, skips empty ones, defaults apiVersion", () => {
    const { documents, problems } = parseDocuments("a.yaml", text.replace("weight: 2.5", "weight: 2"));
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.resource.kind, d.resource.name, d.line])).toEqual([
      ["RetryPolicy", "r1", 1],
      ["HTTPRoute", "web", 8],
    ]);
    expect(documents[0]!.resource.apiVersion).toBe("trellis.dev/v1");
    expect(documents[0]!.resource.spec).toMatchObject({ attempts: 3 });
    // The document as written is what goes to the server.
    expect(documents[0]!.raw).toEqual({
      kind: "RetryPolicy",
      metadata: { name: "r1" },
      spec: { targetRef: { kind: "Service", name: "web" } },
    });
  });

  it("points a problem at the line of the failing field's key", () => {
    const { problems } = parseDocuments("a.yaml", text);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^a\.yaml:17: spec\.rules\[0\]\.backendRefs\[1\]\.weight: /),
    ]);
  });

  it("points a missing field at its nearest parent, and YAML syntax errors at their line", () => {
    const missing = parseDocuments("m.yaml", "kind: HTTPRoute\nmetadata:\n  name: x\nspec:\n  rules: []\n");
    expect(missing.problems[0]).toMatchObject({ line: 4, path: "spec.parentRefs" });
    const broken = parseDocuments("b.yaml", "kind: HTTPRoute\nmetadata: {name: x\n");
    expect(broken.problems[0]!.file).toBe("b.yaml");
    expect(broken.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("sets aside what is not for a mesh, and points a typo at its line with a did-you-mean", () => {
    const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: infra }
spec: { gatewayClassName: x, listeners: [] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: public, namespace: infra }, { group: "", kind: Service, name: web }]
  rules:
    - matchs: []
      backendRefs: [{ name: web }]
`;
    const { documents, skipped, problems } = parseDocuments("g.yaml", gateway);
    expect(skipped).toEqual([
      {
        file: "g.yaml",
        line: 1,
        message: "Gateway infra/public: a Gateway configures ingress gateways, not a mesh",
      },
    ]);
    expect(documents).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      'g.yaml:12: spec.rules[0].matchs: unknown field "matchs" (did you mean "matches"?)',
    ]);
    const fixed = parseDocuments("g.yaml", gateway.replace("matchs: []", "matches: []"));
    expect(fixed.documents[0]!.warnings).toEqual([
      "parentRefs[0] (Gateway infra/public) is not for a mesh: skipped (the route applies to its Service parents)",
    ]);
    expect(fixed.documents[0]!.resource).toMatchObject({ namespace: "shop", name: "web" });
  });

  it("names mode only needs kind and name", () => {
    const { documents, problems } = parseDocuments("a.yaml", text, "names");
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(2);
  });
});

describe("diffLines", () => {
  it("keeps common lines and shows removals before additions", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc")).toEqual([
      { op: " ", text: "a" },
      { op: "-", text: "b" },
      { op: "+", text: "x" },
      { op: " ", text: "c" },
    ]);
    expect(diffLines("", "a")).toEqual([{ op: "+", text: "a" }]);
  });
});
