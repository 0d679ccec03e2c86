import { bigint, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { at, createdAt, orgId, updatedAt } from "./columns.ts";
import { meshes } from "./meshes.ts";

/**
 * Each mesh's certificate authority (services/ca `CaState`, private keys sealed with the
 * control plane's key-encryption key) and the progress of its trust-bundle rotation.
 */
export const meshCas = pgTable("mesh_cas", {
  meshId: text("mesh_id")
    .primaryKey()
    .references(() => meshes.id, { onDelete: "cascade" }),
  orgId: orgId(),
  /** builtin | aws-acm-pca | external */
  backend: text("backend").notNull(),
  /** The CaState JSON; null while an `external` mesh waits for its uploaded issuer. */
  state: jsonb("state"),
  /** Bumped with every state change: replicas cache the unsealed backend per version. */
  stateVersion: integer("state_version").notNull().default(1),
  /** pushing-bundle | reissuing | complete; null before the first rotation. */
  rotationPhase: text("rotation_phase"),
  /** The mesh config version whose snapshots carry both roots. */
  rotationBundleVersion: bigint("rotation_bundle_version", { mode: "number" }),
  /** Fingerprint (SHA-256 hex) of the root leaves move to. */
  rotationNewRoot: text("rotation_new_root"),
  /** Fingerprint of the root being retired. */
  rotationOldRoot: text("rotation_old_root"),
  rotationStartedAt: at("rotation_started_at"),
  /** When rotateCertificates was last sent to the mesh's connectors. */
  rotationCommandAt: at("rotation_command_at"),
  rotationFinishedAt: at("rotation_finished_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
