import { z } from "zod";
import { dnsLabelSchema, resourceNameSchema } from "../../names.ts";
import { defaultImages, defaultNamespace, names } from "./constants.ts";

/**
 * The settings of a Kubernetes install: the Helm chart's values, the kustomize base's
 * defaults and `trellis install`'s flags are all this one schema. Every field has a
 * default except the control plane's URL, which an install cannot guess.
 */
const imageSchema = z.string().min(1).max(512);

export const installValuesSchema = z.strictObject({
  controlPlane: z
    .strictObject({
      /** Where the connector dials, e.g. `https://tunnel.trellis.example:8443`. Required to install. */
      url: z
        .union([z.literal(""), z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })])
        .default(""),
    })
    .prefault({}),
  /** Which Trellis cluster this connector joins; a label on the connector's StatefulSet. */
  clusterName: z.union([z.literal(""), dnsLabelSchema]).default(""),
  joinToken: z
    .strictObject({
      /** When set, the install creates the Secret holding it; otherwise create it yourself. */
      value: z.string().default(""),
      secretName: resourceNameSchema.default(names.joinTokenSecret),
    })
    .prefault({}),
  images: z
    .strictObject({
      connector: imageSchema.default(defaultImages.connector),
      proxy: imageSchema.default(defaultImages.proxy),
      proxyInit: imageSchema.default(defaultImages.proxyInit),
    })
    .prefault({}),
  injector: z
    .strictObject({
      /** Inject trellis-proxy as a native sidecar (Kubernetes ≥ 1.29); false: a regular container. */
      nativeSidecar: z.boolean().default(true),
      /** What the API server does when the injector cannot be reached (see infra/kubernetes/README.md). */
      failurePolicy: z.enum(["Ignore", "Fail"]).default("Ignore"),
      tls: z
        .strictObject({
          /**
           * `files`: the Secret below, mounted; `mesh-ca`: the connector gets the certificate
           * from the mesh CA over the tunnel and patches the webhook's caBundle itself.
           */
          source: z.enum(["files", "mesh-ca"]).default("files"),
          secretName: resourceNameSchema.default(names.injectorTlsSecret),
          /** PEM; when set (with key), the install creates the Secret, else it must exist. */
          certificate: z.string().default(""),
          key: z.string().default(""),
          /** Base64 of the PEM CA that signed the certificate, for the API server to trust. */
          caBundle: z.string().default(""),
        })
        .prefault({}),
    })
    .prefault({}),
  gatewayApi: z
    .strictObject({
      /** Install HTTPRoute/GRPCRoute of gateway.networking.k8s.io/v1 (for clusters without them). */
      installCRDs: z.boolean().default(false),
    })
    .prefault({}),
});
export type InstallValues = z.output<typeof installValuesSchema>;
export type InstallValuesInput = z.input<typeof installValuesSchema>;

/** Values plus where they go: Helm takes the namespace from the release instead. */
export type InstallOptions = InstallValuesInput & { namespace?: string };

export class InstallValuesError extends Error {
  override name = "InstallValuesError";
}

/** Validates install values, naming the first bad field (`injector.failurePolicy: …`). */
export function parseInstallValues(input: unknown): InstallValues {
  const parsed = installValuesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InstallValuesError(`${issue.path.join(".") || "values"}: ${issue.message}`);
}

export function installNamespace(options: { namespace?: string }): string {
  const ns = options.namespace ?? defaultNamespace;
  const parsed = dnsLabelSchema.safeParse(ns);
  if (!parsed.success) throw new InstallValuesError(`namespace: ${parsed.error.issues[0]!.message}`);
  return ns;
}
