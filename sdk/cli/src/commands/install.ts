import {
  defaultNamespace,
  type InstallOptions,
  InstallValuesError,
  installNames,
  parseInstallValues,
  renderInstallManifest,
} from "@trellis/protocol/install";
import { TrellisClient } from "@trellis/sdk";
import { stringify } from "yaml";
import { outputFormat, parseCommand } from "../args.ts";
import { type Command, help } from "../command.ts";
import { loadContext } from "../config-file.ts";
import { tunnelUrl } from "../connector-command.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { makeWebhookTls } from "../install/webhook-tls.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis install --join-token <token> [--control-plane <url>] [flags] | kubectl apply -f -

Prints the Kubernetes install of Trellis for one cluster: the trellis.dev CRDs, the
connector (StatefulSet, RBAC, join-token Secret) and the sidecar injector with a fresh
serving certificate. The same objects as the Helm chart and the kustomize base in
infra/kubernetes for the same values.

  --join-token <token>      the one-time token from \`trellis cluster add\` (or TRELLIS_JOIN_TOKEN)
  --control-plane <url>     where the connector dials (default: TRELLIS_TUNNEL_URL, else the
                            API host of TRELLIS_URL or \`trellis login\` on port 8443)
  --namespace <ns>          where Trellis runs (default ${defaultNamespace})
  --cluster-name <name>     the Trellis cluster's name, as a label on the connector
  --connector-image <ref>, --proxy-image <ref>, --proxy-init-image <ref>
  --no-native-sidecar       inject trellis-proxy as a regular container (Kubernetes < 1.29)
  --failure-policy <p>      Ignore (default: pods start unmeshed while the injector is down)
                            or Fail (they are refused)
  --injector-tls <source>   files (default): a certificate made here, in a Secret; mesh-ca:
                            the connector gets it from the mesh CA over the tunnel, renews
                            it and keeps the webhook's caBundle in step (nothing to rotate)
  --gateway-api-crds        also install HTTPRoute and GRPCRoute (gateway.networking.k8s.io/v1)
  -o yaml|values            yaml (default): the manifest; values: the same settings as a
                            Helm values file, for \`helm install -f\`

Then mesh a namespace: kubectl label namespace <name> trellis.dev/inject=enabled`;

const options = {
  "join-token": { type: "string" },
  "control-plane": { type: "string" },
  namespace: { type: "string" },
  "cluster-name": { type: "string" },
  "connector-image": { type: "string" },
  "proxy-image": { type: "string" },
  "proxy-init-image": { type: "string" },
  "no-native-sidecar": { type: "boolean" },
  "failure-policy": { type: "string" },
  "injector-tls": { type: "string" },
  "gateway-api-crds": { type: "boolean" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

/** `trellis install`: renders the install; talks to nothing but the local clock and RNG. */
export const install: Command = {
  name: "install",
  summary: "Print the Kubernetes install (CRDs, connector, sidecar injector) for kubectl apply",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(argv, options, usage, { min: 0, max: 0 });
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["yaml", "values"] as const, usage);
    const joinToken = values["join-token"] ?? term.env.TRELLIS_JOIN_TOKEN;
    if (!joinToken)
      throw new UsageError("--join-token is required (from `trellis cluster add <name>`)", usage);
    const namespace = values.namespace ?? defaultNamespace;
    const url = values["control-plane"] ?? (await defaultControlPlane(term.env));
    if (!url)
      throw new UsageError(
        "--control-plane is required: no TRELLIS_TUNNEL_URL, TRELLIS_URL or `trellis login` to derive it from",
        usage,
      );
    const images = {
      ...(values["connector-image"] ? { connector: values["connector-image"] } : {}),
      ...(values["proxy-image"] ? { proxy: values["proxy-image"] } : {}),
      ...(values["proxy-init-image"] ? { proxyInit: values["proxy-init-image"] } : {}),
    };
    const tlsSource = values["injector-tls"] ?? "files";
    if (tlsSource !== "files" && tlsSource !== "mesh-ca")
      throw new UsageError(`--injector-tls: must be "files" or "mesh-ca", not "${tlsSource}"`, usage);
    // mesh-ca: no certificate is made here; the connector obtains one once it has joined.
    const tls = tlsSource === "files" ? await makeWebhookTls(installNames.injectorService, namespace) : null;
    const input: InstallOptions = {
      namespace,
      controlPlane: { url },
      ...(values["cluster-name"] ? { clusterName: values["cluster-name"] } : {}),
      joinToken: { value: joinToken },
      images,
      injector: {
        nativeSidecar: !values["no-native-sidecar"],
        ...(values["failure-policy"] ? { failurePolicy: values["failure-policy"] as "Ignore" } : {}),
        tls: tls
          ? { source: "files", certificate: tls.certificate, key: tls.key, caBundle: tls.caBundle }
          : { source: "mesh-ca" },
      },
      gatewayApi: { installCRDs: Boolean(values["gateway-api-crds"]) },
    };
    try {
      if (format === "values") {
        const { namespace: _, ...chartValues } = input;
        term.out(stringify(parseInstallValues(chartValues), { lineWidth: 0 }));
        term.err(
          `${paint(term, "green", "✔")} Helm values for namespace ${namespace}${tls ? " (the injector's certificate names it)" : ""}: helm install trellis infra/kubernetes/chart -n ${namespace} --create-namespace -f <this file>`,
        );
      } else {
        term.out(renderInstallManifest(input));
        term.err(
          `${paint(term, "green", "✔")} Trellis install for namespace ${namespace}; ${tls ? `injector certificate valid until ${tls.notAfter.toISOString().slice(0, 10)}` : "the connector gets the injector's certificate from the mesh CA once it joins"}. Next: kubectl label namespace <name> trellis.dev/inject=enabled`,
        );
      }
    } catch (err) {
      if (err instanceof InstallValuesError) throw new UsageError(flagMessage(err.message), usage);
      throw err;
    }
    return exitCodes.ok;
  },
};

async function defaultControlPlane(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.TRELLIS_TUNNEL_URL) return env.TRELLIS_TUNNEL_URL;
  const context = (await loadContext(env))?.context;
  const api = env.TRELLIS_URL ?? context?.url;
  if (!api) return undefined;
  const client = new TrellisClient({ baseUrl: api, token: env.TRELLIS_TOKEN ?? context?.token, retries: 0 });
  return (await tunnelUrl(api, undefined, env, () => client.tunnelUrl())).url;
}

/** Install values named as the flags that set them. */
function flagMessage(message: string): string {
  const names: [RegExp, string][] = [
    [/^controlPlane\.url/, "--control-plane"],
    [/^clusterName/, "--cluster-name"],
    [/^images\.connector/, "--connector-image"],
    [/^images\.proxyInit/, "--proxy-init-image"],
    [/^images\.proxy/, "--proxy-image"],
    [/^injector\.failurePolicy/, "--failure-policy"],
    [/^namespace/, "--namespace"],
  ];
  for (const [pattern, flag] of names) if (pattern.test(message)) return message.replace(/^[^:]+/, flag);
  return message;
}
