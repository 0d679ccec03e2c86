import { renderConnectorManifest } from "@trellis/protocol/install";
import type { Cluster } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { connectorCommand, connectorInstallHint, tunnelUrl } from "../connector-command.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { age, json, listFormats, print, table } from "../output.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis cluster <add|list|get|delete> [name] [--mesh <mesh>] [flags]

  trellis cluster add <name>     registers a cluster and prints the connector command with
                                 its one-time join token
      --tunnel-url <url>         where connectors dial (default: TRELLIS_TUNNEL_URL, else the
                                 address the control plane publishes, else the API host on
                                 port 8443)
      --discovery <mode>         kubernetes (default) or file:<path> (command only)
      --state-dir <dir>          the connector's state folder (default /var/lib/trellis-connector;
                                 command only)
      --image <ref>              the connector image (manifest only; default the release's)
      -o command|json|manifest   what to print; manifest: the Kubernetes manifest (Namespace,
                                 RBAC, join-token Secret, Service, StatefulSet) to pipe into
                                 \`kubectl apply -f -\`
  trellis cluster join <name>    issues a new one-time join token and prints the command again
                                 (same flags as add)
  trellis cluster list [-o table|wide|name|yaml|json]
  trellis cluster get <name> [-o table|wide|name|yaml|json]
  trellis cluster delete <name>  cuts its connector off

  -m, --mesh <mesh>  the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp}`;

function clusterTable(clusters: Cluster[], wide: boolean): string {
  return table(
    [
      "NAME",
      "CONNECTED",
      "APPLIED",
      "DESIRED",
      "CONNECTOR",
      "LAST SEEN",
      "AGE",
      ...(wide ? ["ID", "JOINED", "LAST NACK"] : []),
    ],
    clusters.map((c) => [
      c.name,
      c.revokedAt ? "revoked" : c.connected ? "yes" : "no",
      c.appliedVersion === null ? "-" : `v${c.appliedVersion}`,
      `v${c.desiredVersion}`,
      c.connectorVersion ?? "-",
      age(c.lastSeenAt),
      age(c.createdAt),
      ...(wide
        ? [c.id, age(c.credentialIssuedAt), c.lastNack ? `v${c.lastNack.version}: ${c.lastNack.error}` : "-"]
        : []),
    ]),
  );
}

const clusterNames = (clusters: Cluster[]) => () => clusters.map((c) => `cluster/${c.name}`);

/** `trellis cluster add|list|get|delete`. */
export const cluster: Command = {
  name: "cluster",
  summary: "Add (with the connector install command), list and delete clusters",
  usage,
  async run(argv, term) {
    const [verb, ...rest] = argv;
    if (verb === "-h" || verb === "--help") return help(term, usage);
    if (verb === undefined) throw new UsageError("missing subcommand", usage);
    const options = {
      ...meshOptions,
      "tunnel-url": { type: "string" },
      discovery: { type: "string" },
      "state-dir": { type: "string" },
      image: { type: "string" },
    } as const;
    const needsName = verb !== "list";
    const { values, positionals } = parseCommand(rest, options, usage, {
      min: needsName ? 1 : 0,
      max: needsName ? 1 : 0,
      names: "cluster name",
    });
    if (values.help) return help(term, usage);
    const name = positionals[0]!;
    if (verb === "add" || verb === "join") {
      const format = outputFormat(values.output, ["command", "json", "manifest"] as const, usage);
      const { client, url } = await connect(values, term.env);
      const mesh = await resolveMesh(client, values.mesh, term.env, usage);
      const created =
        verb === "add"
          ? await client.clusters(mesh).create(name)
          : {
              cluster: await client.clusters(mesh).get(name),
              joinToken: await client.clusters(mesh).newJoinToken(name),
            };
      const dial = await tunnelUrl(url, values["tunnel-url"], term.env, () => client.tunnelUrl());
      const dialUrl = dial.url;
      if (dial.guessed)
        term.err(
          `${paint(term, "yellow", "‼")} the control plane does not publish its tunnel address; assuming ${dialUrl} (give --tunnel-url or TRELLIS_TUNNEL_URL if it differs)`,
        );
      if (format === "manifest") {
        term.err(
          `${paint(term, "green", "✔")} cluster ${name} ${verb === "add" ? "added to" : "of"} mesh ${mesh}: apply this manifest with \`kubectl apply -f -\` (its one-time join token expires ${created.joinToken.expiresAt}):\n`,
        );
        term.out(
          renderConnectorManifest({
            tunnelUrl: dialUrl,
            joinToken: created.joinToken.token,
            clusterName: name,
            ...(values.image ? { image: values.image } : {}),
          }),
        );
        return exitCodes.ok;
      }
      const command = connectorCommand({
        tunnelUrl: dialUrl,
        joinToken: created.joinToken.token,
        stateDir: values["state-dir"] ?? "/var/lib/trellis-connector",
        discovery: values.discovery ?? "kubernetes",
      });
      if (format === "json") term.out(json({ ...created, command }));
      else {
        term.err(
          `${paint(term, "green", "✔")} cluster ${name} ${verb === "add" ? "added to" : "of"} mesh ${mesh}: run the connector with this one-time join token (expires ${created.joinToken.expiresAt}):\n`,
        );
        term.out(command);
        term.err(`\n${paint(term, "blue", "hint:")} ${connectorInstallHint}`);
      }
      return exitCodes.ok;
    }
    const format = outputFormat(values.output, listFormats, usage);
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const clusters = client.clusters(mesh);
    switch (verb) {
      case "list": {
        const all = await clusters.listAll();
        if ((format === "table" || format === "wide") && all.length === 0)
          term.out(`no clusters in mesh ${mesh}: add one with \`trellis cluster add <name> --mesh ${mesh}\``);
        else print(term, format, all, (wide) => clusterTable(all, wide), clusterNames(all));
        return exitCodes.ok;
      }
      case "get": {
        const c = await clusters.get(name);
        print(term, format, c, (wide) => clusterTable([c], wide), clusterNames([c]));
        return exitCodes.ok;
      }
      case "delete":
        await clusters.delete(name);
        term.out(
          format === "json" ? json({ deleted: name, mesh }) : `cluster ${name} deleted from mesh ${mesh}`,
        );
        return exitCodes.ok;
      default:
        throw new UsageError(`unknown subcommand "${verb}"`, usage);
    }
  },
};
