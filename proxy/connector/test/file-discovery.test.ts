import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

const servicesYaml = (names: string[]) =>
  `services:\n${names
    .map(
      (n) =>
        `  - name: ${n}\n    ports: [{ port: 8080, protocol: http }]\n    endpoints: [{ address: 10.0.0.9, port: 4143, vmName: ${n}-vm }]\n`,
    )
    .join("")}`;

/** Replaces the file the way editors and ConfigMap mounts do: write elsewhere, rename over. */
async function replaceFile(path: string, text: string): Promise<void> {
  await writeFile(`${path}.new`, text);
  await rename(`${path}.new`, path);
}

describe("file discovery", () => {
  it("sends the file's services after connecting and again after each edit", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
    h.defer(() => cp.stop());
    const file = join(await h.tempDir(), "services.yaml");
    await writeFile(file, servicesYaml(["alpha"]));
    const c = h.connector({
      controlPlane: cp.url,
      stateDir: await h.tempDir(),
      discovery: `file:${file}`,
      joinToken: "jt",
    });
    await c.start();
    const first = await waitFor(() => cp.messages("discovery")[0], { what: "first update" });
    expect(first.services.map((s) => s.name)).toEqual(["alpha"]);
    expect(first.services[0]!.endpoints[0]).toMatchObject({
      address: "10.0.0.9",
      port: 4143,
      vmName: "alpha-vm",
    });

    await replaceFile(file, servicesYaml(["alpha", "beta"]));
    await waitFor(() => cp.messages("discovery").at(-1)!.services.length === 2, {
      what: "update after rename",
    });
    await writeFile(file, servicesYaml(["gamma"])); // in-place write
    await waitFor(() => cp.messages("discovery").at(-1)!.services[0]!.name === "gamma", {
      what: "update after write",
    });
    expect(c.status().discovery).toMatchObject({ mode: "file", services: 1, endpoints: 1, lastError: null });
  });

  it("a bad edit is reported and the previous services stay; a fix is picked up", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
    h.defer(() => cp.stop());
    const file = join(await h.tempDir(), "services.yaml");
    await writeFile(file, servicesYaml(["alpha"]));
    const c = h.connector({
      controlPlane: cp.url,
      stateDir: await h.tempDir(),
      discovery: `file:${file}`,
      joinToken: "jt",
    });
    await c.start();
    await waitFor(() => cp.messages("discovery").length === 1);

    await replaceFile(file, "services:\n  - name: broken\n    ports: [{ port: 99999, protocol: http }]\n");
    const status = await waitFor(() => (c.status().discovery?.lastError ? c.status().discovery : null), {
      what: "error",
    });
    expect(status.lastError).toMatch(/services\.0\.ports\.0\.port/);
    expect(status.services).toBe(1);
    expect(c.logs.lines.some((l) => l.level === "error" && /discovery file rejected/.test(l.msg))).toBe(true);
    expect(cp.messages("discovery")).toHaveLength(1);

    await replaceFile(file, servicesYaml(["fixed"]));
    await waitFor(() => cp.messages("discovery").at(-1)!.services[0]!.name === "fixed");
    expect(c.status().discovery?.lastError).toBeNull();
  });
});
