import { describe, expect, it } from "vitest";
import { parseConfig } from "./config-file.ts";

describe("parseConfig", () => {
  it("reads a file from before contexts as one context named default", () => {
    expect(parseConfig({ url: "https://a", token: "t" })).toEqual({
      current: "default",
      contexts: { default: { url: "https://a", token: "t" } },
    });
  });

  it("keeps named contexts and drops a current that names none of them", () => {
    const contexts = {
      work: { url: "https://w", token: "1", mesh: "prod" },
      home: { url: "https://h", token: "2" },
    };
    expect(parseConfig({ current: "home", contexts })).toEqual({ current: "home", contexts });
    expect(parseConfig({ current: "gone", contexts }).current).toBeNull();
  });

  it("refuses a context without url or token, naming it", () => {
    expect(() => parseConfig({ contexts: { work: { url: "https://w" } } })).toThrow(
      "context work: url or token missing",
    );
    expect(() => parseConfig({})).toThrow("no contexts");
  });
});
