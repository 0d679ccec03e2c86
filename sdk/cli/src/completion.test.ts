import { describe, expect, it } from "vitest";
import { commands } from "./cli.ts";
import { completionScript, completions, flagsOf, formatsOf, subcommandsOf } from "./completion.ts";

const sources = { meshes: async () => ["prod", "staging"], contexts: async () => ["work", "home"] };
const complete = (...words: string[]) => completions(commands, words, sources);

describe("completions", () => {
  it("completes commands, then a command's subcommands and flags", async () => {
    expect(await complete("cl")).toEqual(["cluster"]);
    expect(await complete("c")).toEqual(["context", "cluster", "check", "completion"]);
    expect(await complete("cluster", "")).toEqual(["add", "list", "get", "delete"]);
    expect(await complete("cluster", "add", "east", "--t")).toEqual(["--token", "--tunnel-url"]);
    // The hidden command is never offered.
    expect(await complete("__")).toEqual([]);
  });

  it("completes flag values: -o formats of that command, windows, meshes and contexts", async () => {
    expect(await complete("get", "routes", "-o", "")).toEqual(["table", "wide", "name", "yaml", "json"]);
    expect(await complete("stat", "web", "--window", "")).toEqual(["5m", "1h", "24h", "7d"]);
    expect(await complete("get", "routes", "--mesh", "p")).toEqual(["prod"]);
    expect(await complete("mesh", "list", "--context", "")).toEqual(["work", "home"]);
    expect(await complete("context", "use", "h")).toEqual(["home"]);
  });

  it("completes resource kinds after get and delete", async () => {
    expect(await complete("get", "http")).toEqual(["httproute"]);
    expect(await complete("get", "a")).toEqual(["authorizationpolicy", "all"]);
    expect(await complete("get", "p")).toEqual(["proxies"]);
    expect(await complete("get", "proxies", "--kind", "g")).toEqual(["grpc-proxyless"]);
  });

  it("offers nothing it cannot know (a free argument: the shell completes files)", async () => {
    expect(await complete("apply", "-f", "")).toEqual([]);
    expect(await complete("nope", "")).toEqual([]);
  });

  it("still completes when the control plane cannot be asked", async () => {
    const offline = { meshes: () => Promise.reject(new Error("offline")), contexts: async () => [] };
    expect(await completions(commands, ["stat", "--mesh", ""], offline)).toEqual([]);
  });
});

describe("usage parsing", () => {
  it("reads subcommands, flags and formats from a usage text", () => {
    const usage = `Usage: trellis thing <make|break> [name]

  --fast            quickly
  -n, --namespace   where
  [-o table|json]`;
    expect(subcommandsOf(usage)).toEqual(["make", "break"]);
    expect(flagsOf(usage)).toEqual(["--fast", "--help", "--namespace", "-n", "-o"]);
    expect(formatsOf(usage)).toEqual(["table", "json"]);
  });
});

describe("completion scripts", () => {
  it("wire each shell to trellis __complete", () => {
    for (const shell of ["bash", "zsh", "fish"] as const)
      expect(completionScript(shell)).toContain("trellis __complete");
    expect(completionScript("bash")).toContain("complete -o default -F _trellis trellis");
    expect(completionScript("zsh")).toContain("compdef _trellis trellis");
    expect(completionScript("fish")).toContain("complete -c trellis");
  });
});
