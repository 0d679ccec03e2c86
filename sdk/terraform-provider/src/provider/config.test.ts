import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { unknown } from "../cty/value.ts";
import { configureProvider, validateProviderConfig } from "./config.ts";

const none = { url: null, token: null, org: null };

describe("the provider block", () => {
  it("asks for the url and the token, naming the attribute and the variable", async () => {
    const noUrl = await configureProvider(none, {}, "1.11.4");
    expect(noUrl.diagnostics).toEqual([
      expect.objectContaining({ summary: "Missing Trellis API url", path: ["url"] }),
    ]);
    expect(noUrl.diagnostics[0]!.detail).toContain("TRELLIS_URL");
    const noToken = await configureProvider(none, { TRELLIS_URL: "http://127.0.0.1:1" }, "1.11.4");
    expect(noToken.diagnostics).toEqual([
      expect.objectContaining({ summary: "Missing Trellis API token", path: ["token"] }),
    ]);
  });

  it("refuses a url that is not http(s)", () => {
    expect(validateProviderConfig({ ...none, url: "api.trellis.dev" })).toEqual([
      expect.objectContaining({ path: ["url"], detail: expect.stringContaining('got "api.trellis.dev"') }),
    ]);
  });

  it("needs its settings known at plan time", async () => {
    const r = await configureProvider({ ...none, token: unknown() }, {}, "1.11.4");
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ summary: "Provider token is not known yet", path: ["token"] }),
    ]);
  });

  it("says when the API cannot be reached, on the url", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await configureProvider(
      { ...none, url: `http://127.0.0.1:${port}`, token: "trl_pat_x" },
      {},
      "1.11.4",
    );
    expect(r.client).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ summary: "Cannot reach the Trellis API", path: ["url"] }),
    ]);
  }, 30_000);
});
