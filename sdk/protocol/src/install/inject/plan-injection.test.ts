import { describe, expect, it } from "vitest";
import { defaultInjectionSettings, type InjectionSettings } from "./injection-settings.ts";
import { applyJsonPatch } from "./json-patch.ts";
import { planInjection } from "./plan-injection.ts";
import type { Container, PodLike } from "./pod-shape.ts";

const native = defaultInjectionSettings();
const regular: InjectionSettings = { ...native, nativeSidecar: false };

function webPod(): PodLike {
  return {
    metadata: { generateName: "web-5d4f8c7b9-", labels: { app: "web", "pod-template-hash": "5d4f8c7b9" } },
    spec: {
      serviceAccountName: "web",
      containers: [
        {
          name: "web",
          image: "example/web:1",
          ports: [{ name: "http", containerPort: 8080 }],
          readinessProbe: { httpGet: { port: "http" } },
          livenessProbe: { tcpSocket: { port: 9090 } },
        },
      ],
    },
  };
}

function inject(pod: PodLike, settings = native): PodLike {
  const plan = planInjection(pod, settings);
  if (plan.action !== "inject") throw new Error(`not injected: ${plan.reason}`);
  return applyJsonPatch(pod, plan.patch);
}

const named = (containers: Container[] | undefined, name: string) => containers?.find((c) => c.name === name);
const arg = (c: Container | undefined, flag: string) =>
  ((c?.args ?? []) as string[]).find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);

describe("planInjection", () => {
  it("adds the init container and the proxy as a native sidecar, identity from the pod", () => {
    const pod = inject(webPod());
    expect(pod.spec.initContainers!.map((c) => c.name)).toEqual(["trellis-proxy-init", "trellis-proxy"]);
    expect(pod.spec.containers.map((c) => c.name)).toEqual(["web"]);
    const proxy = named(pod.spec.initContainers, "trellis-proxy")!;
    expect(proxy.restartPolicy).toBe("Always");
    expect(proxy.startupProbe).toMatchObject({ httpGet: { path: "/ready", port: 4191 } });
    expect(proxy.env).toEqual([
      { name: "TRELLIS_PROXY_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
      {
        name: "TRELLIS_PROXY_SERVICE_ACCOUNT",
        valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } },
      },
      { name: "TRELLIS_PROXY_WORKLOAD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "TRELLIS_PROXY_SERVICE", value: "web" },
    ]);
    expect(arg(proxy, "--app")).toBe("127.0.0.1:8080");
    expect(arg(proxy, "--capture")).toBe("iptables");
    expect(arg(proxy, "--connector")).toBe("trellis-connector.trellis-system.svc:4190");
    expect(proxy.securityContext).toMatchObject({
      runAsUser: 2102,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    expect(pod.spec.volumes).toHaveLength(2);
    expect(pod.metadata?.annotations?.["trellis.dev/injected"]).toBe("0.1.0");
  });

  it("skips the proxy's ports and the app's probe ports (named ones resolved) from inbound capture", () => {
    const init = named(inject(webPod()).spec.initContainers, "trellis-proxy-init");
    expect(init?.args).toEqual([
      "--proxy-uid=2102",
      "--outbound-port=4140",
      "--inbound-port=4143",
      "--capture-inbound=true",
      "--skip-inbound-ports=4143,4191,8080,9090",
    ]);
    expect(init?.securityContext).toMatchObject({
      runAsUser: 0,
      capabilities: { add: ["NET_ADMIN", "NET_RAW"] },
    });
  });

  it("as a regular container: first in the pod, waiting before it drains", () => {
    const pod = inject(webPod(), regular);
    expect(pod.spec.initContainers!.map((c) => c.name)).toEqual(["trellis-proxy-init"]);
    const proxy = pod.spec.containers[0]!;
    expect(proxy.name).toBe("trellis-proxy");
    expect(proxy.restartPolicy).toBeUndefined();
    expect(proxy.lifecycle).toEqual({ preStop: { exec: { command: ["/bin/sleep", "5"] } } });
  });

  it("keeps what the pod has: its init containers run after the proxy, its volumes and annotations stay", () => {
    const base = webPod();
    base.spec.initContainers = [{ name: "migrate" }];
    base.spec.volumes = [{ name: "data", emptyDir: {} }];
    base.metadata!.annotations = { "example.com/a/b": "c" };
    base.spec.terminationGracePeriodSeconds = 5;
    const pod = inject(base);
    expect(pod.spec.initContainers!.map((c) => c.name)).toEqual([
      "trellis-proxy-init",
      "trellis-proxy",
      "migrate",
    ]);
    expect((pod.spec.volumes as { name: string }[]).map((v) => v.name)).toEqual([
      "data",
      "trellis-proxy-state",
      "trellis-proxy-init-xtables-lock",
    ]);
    expect(pod.metadata!.annotations).toEqual({ "example.com/a/b": "c", "trellis.dev/injected": "0.1.0" });
    // 10 s of drain must fit in the grace period.
    expect(pod.spec.terminationGracePeriodSeconds).toBe(11);
  });

  it("is idempotent: an injected pod gets no second proxy", () => {
    const once = inject(webPod());
    expect(planInjection(once, native)).toEqual({ action: "skip", reason: "already injected" });
    expect(planInjection(inject(webPod(), regular), native)).toEqual({
      action: "skip",
      reason: "already injected",
    });
  });

  it("leaves pods alone that opt out or share the node's network", () => {
    const annotated = webPod();
    annotated.metadata!.annotations = { "trellis.dev/inject": "disabled" };
    expect(planInjection(annotated, native)).toMatchObject({ action: "skip", reason: /opted out/ });
    const labelled = webPod();
    labelled.metadata!.labels!["trellis.dev/inject"] = "disabled";
    expect(planInjection(labelled, native)).toMatchObject({ action: "skip", reason: /opted out/ });
    const host = webPod();
    host.spec.hostNetwork = true;
    expect(planInjection(host, native)).toMatchObject({ action: "skip", reason: /hostNetwork/ });
  });

  it("reads its annotations, and names the one that is wrong", () => {
    const pod = webPod();
    pod.metadata!.annotations = {
      "trellis.dev/service": "storefront",
      "trellis.dev/app-port": "3000",
      "trellis.dev/skip-outbound-ports": "5432, 6379:6380",
      "trellis.dev/skip-outbound-cidrs": "169.254.169.254/32",
      "trellis.dev/proxy-memory-limit": "512Mi",
      "trellis.dev/l4-pass-through": "auto",
    };
    const injected = inject(pod);
    const proxy = named(injected.spec.initContainers, "trellis-proxy")!;
    expect(arg(proxy, "--l4-pass-through")).toBe("auto");
    expect(
      arg(named(inject(webPod()).spec.initContainers, "trellis-proxy"), "--l4-pass-through"),
    ).toBeUndefined();
    expect(proxy.env).toContainEqual({ name: "TRELLIS_PROXY_SERVICE", value: "storefront" });
    expect(arg(proxy, "--app")).toBe("127.0.0.1:3000");
    expect(proxy.resources).toMatchObject({ limits: { memory: "512Mi" } });
    const init = named(injected.spec.initContainers, "trellis-proxy-init");
    expect(arg(init, "--skip-outbound-ports")).toBe("5432,6379:6380");
    expect(arg(init, "--skip-outbound-cidrs")).toBe("169.254.169.254/32");

    for (const [key, value, message] of [
      ["trellis.dev/app-port", "http", /app-port: "http" is not a port/],
      ["trellis.dev/skip-inbound-ports", "80,99999", /skip-inbound-ports: "99999"/],
      ["trellis.dev/skip-outbound-cidrs", "10.0.0.0", /not an IPv4 CIDR/],
      ["trellis.dev/service", "Web_App", /not a DNS label/],
      ["trellis.dev/proxy-cpu-request", "lots", /not a Kubernetes quantity/],
      ["trellis.dev/l4-pass-through", "yes", /l4-pass-through: "yes" must be auto or off/],
    ] as const) {
      const bad = webPod();
      bad.metadata!.annotations = { [key]: value };
      expect(planInjection(bad, native)).toMatchObject({ action: "invalid", reason: message });
    }
  });

  it("a pod that serves no port gets an outbound-only proxy and no inbound capture", () => {
    const pod = webPod();
    pod.spec.containers[0]!.ports = [];
    pod.spec.containers[0]!.readinessProbe = undefined;
    const injected = inject(pod);
    const proxy = named(injected.spec.initContainers, "trellis-proxy")!;
    expect(arg(proxy, "--inbound")).toBeUndefined();
    expect(arg(proxy, "--app")).toBeUndefined();
    expect(arg(named(injected.spec.initContainers, "trellis-proxy-init"), "--capture-inbound")).toBe("false");
  });

  it("names the service from labels, else the owning workload, else asks for the annotation", () => {
    const pod = webPod();
    pod.metadata!.labels = { "pod-template-hash": "5d4f8c7b9" };
    pod.spec.serviceAccountName = undefined;
    expect(planInjection(pod, native)).toMatchObject({
      action: "invalid",
      reason: /set the trellis.dev\/service annotation/,
    });
    const owned = planInjection(pod, native, { workloadName: "checkout" });
    expect(owned.action).toBe("inject");
    expect(JSON.stringify(owned)).toContain('"TRELLIS_PROXY_SERVICE","value":"checkout"');
  });
});
