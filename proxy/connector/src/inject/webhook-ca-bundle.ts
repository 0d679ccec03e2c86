import { AdmissionregistrationV1Api, type KubeConfig } from "@kubernetes/client-node";

/**
 * Makes every webhook of the MutatingWebhookConfiguration trust `trustBundlePem`: the
 * caBundle (base64 of the PEM roots) the API server verifies the injector's certificate
 * with. Reads first and patches only what differs (a `test` of the resourceVersion makes
 * the patch conditional), so a reconcile loop costs one GET when all is well. Returns
 * whether it patched; a missing configuration is an Error naming it.
 */
export async function ensureCaBundle(
  kc: KubeConfig,
  name: string,
  trustBundlePem: readonly string[],
): Promise<boolean> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  const caBundle = caBundleOf(trustBundlePem);
  const current = await api.readMutatingWebhookConfiguration({ name });
  const webhooks = current.webhooks ?? [];
  const ops = webhooks.flatMap((w, i) =>
    w.clientConfig.caBundle === caBundle
      ? []
      : [{ op: "add", path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle }],
  );
  if (ops.length === 0) return false;
  await api.patchMutatingWebhookConfiguration({
    name,
    body: [
      { op: "test", path: "/metadata/resourceVersion", value: current.metadata?.resourceVersion },
      ...ops,
    ],
  });
  return true;
}

/** base64 of the concatenated PEM roots, as `clientConfig.caBundle` holds them. */
export function caBundleOf(trustBundlePem: readonly string[]): string {
  return Buffer.from(trustBundlePem.map((p) => (p.endsWith("\n") ? p : `${p}\n`)).join("")).toString(
    "base64",
  );
}
