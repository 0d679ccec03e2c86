import { randomBytes } from "node:crypto";

/** A SPIFFE trust domain unique to one mesh: readable, with random bits so it never repeats. */
export function newTrustDomain(meshName: string): string {
  return `${meshName}.${randomBytes(5).toString("hex")}.trellis.mesh`;
}
