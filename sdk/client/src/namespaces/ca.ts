import type { Certificate, ExternalCaInput, MeshCa, RotateCaInput } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** The managed CA of one mesh: its state, rotation, issuer renewal, external upload. */
export class CaNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** The CA's backend, roots and issuer, and any rotation in progress. */
  async get(options: RequestOptions = {}): Promise<MeshCa> {
    checkOptions("ca.get", options, requestOptionKeys);
    return (await this.t.call<MeshCa>(operations.getCa, { ...options, params: { mesh: this.mesh } })).body;
  }

  /**
   * Starts a trust-bundle rotation to a new root without downtime; follow it with `get()`
   * (`rotation.progress`). A mesh with an external CA passes the new issuer as `external`.
   */
  async rotate(input: RotateCaInput = {}, options: RequestOptions = {}): Promise<MeshCa> {
    checkOptions("ca.rotate", options, requestOptionKeys);
    return this.post(operations.rotateCa, input, options);
  }

  /** Issues a new issuing CA under the current root. */
  async renewIssuer(options: RequestOptions = {}): Promise<MeshCa> {
    checkOptions("ca.renewIssuer", options, requestOptionKeys);
    return this.post(operations.renewCaIssuer, undefined, options);
  }

  /** Uploads an external issuer (certificate, key, root) of a mesh whose CA is `external`. */
  async uploadExternal(input: ExternalCaInput, options: RequestOptions = {}): Promise<MeshCa> {
    checkOptions("ca.uploadExternal", options, requestOptionKeys);
    return this.post(operations.uploadExternalCa, input, options);
  }

  private async post(
    op: (typeof operations)[keyof typeof operations],
    body: unknown,
    options: RequestOptions,
  ): Promise<MeshCa> {
    const res = await this.t.call<MeshCa>(op, {
      ...options,
      params: { mesh: this.mesh },
      ...(body === undefined ? {} : { body }),
    });
    return res.body;
  }
}

/** Filters of the certificate list. */
export interface CertificateFilter {
  cluster?: string;
  /** A SPIFFE id, e.g. `spiffe://<trustDomain>/ns/shop/sa/web`. */
  identity?: string;
}

/** Certificates the mesh CA issued, newest first. */
export class CertificatesNamespace extends PaginatedNamespace<Certificate> {
  /** @internal */
  constructor(t: Transport, mesh: string, filter: CertificateFilter = {}) {
    super(
      t,
      operations.listCertificates,
      { mesh },
      { ...checkOptions("certificates", filter, ["cluster", "identity"]) },
    );
  }
}
