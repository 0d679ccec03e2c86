import { pluralOf } from "@trellis/protocol/install";
import { resourceKinds } from "@trellis/protocol/resources";

/** One custom resource type the CRD sync watches. */
export interface WatchedType {
  group: string;
  version: string;
  kind: string;
  plural: string;
}

/**
 * Every trellis.dev/v1 kind (MeshSettings included: cluster-scoped, watched the same way)
 * and the Gateway API routes Trellis implements. The same names the install's CRDs use
 * (`pluralOf`), so a CRD the chart installs is a type watched here.
 */
export function watchedTypes(): WatchedType[] {
  return [
    ...resourceKinds.map((kind) => ({ group: "trellis.dev", version: "v1", kind, plural: pluralOf(kind) })),
    ...["HTTPRoute", "GRPCRoute"].map((kind) => ({
      group: "gateway.networking.k8s.io",
      version: "v1",
      kind,
      plural: pluralOf(kind),
    })),
  ];
}

/** `httproutes.gateway.networking.k8s.io`: the CRD's name, used in logs and status. */
export const typeName = (t: WatchedType) => `${t.plural}.${t.group}`;

/** The cluster-wide collection path a list or watch of the type reads. */
export const collectionPath = (t: WatchedType) => `/apis/${t.group}/${t.version}/${t.plural}`;
