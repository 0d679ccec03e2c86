import { operations } from "../operations.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";
import type { JsonObject } from "./observability.ts";

// CA and certificate objects are still defined inside the control plane (not in
// @trellis/protocol), so they are typed as JSON objects until their schemas move.

/** The managed CA of one mesh: its state, rotation, issuer renewal, external upload. */
export class CaNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** The CA's backend, roots and issuer, and any rotation in progress. */
  async get(options: RequestOptions = {}): Promise<JsonObject> {
    return (await this.t.call<JsonObject>(operations.getCa, { ...options, params: { mesh: this.mesh } }))
      .body;
  }

  /** Starts or advances a trust-bundle rotation (see the API docs for the input). */
  async rotate(input: JsonObject = {}, options: RequestOptions = {}): Promise<JsonObject> {
    return this.post(operations.rotateCa, input, options);
  }

  /** Issues a new issuing CA under the current root. */
  async renewIssuer(options: RequestOptions = {}): Promise<JsonObject> {
    return this.post(operations.renewCaIssuer, undefined, options);
  }

  /** Uploads an external intermediate (certificate and key) chained to your own root. */
  async uploadExternal(input: JsonObject, options: RequestOptions = {}): Promise<JsonObject> {
    return this.post(operations.uploadExternalCa, input, options);
  }

  private async post(
    op: (typeof operations)[keyof typeof operations],
    body: unknown,
    options: RequestOptions,
  ) {
    const res = await this.t.call<JsonObject>(op, {
      ...options,
      params: { mesh: this.mesh },
      ...(body === undefined ? {} : { body }),
    });
    return res.body;
  }
}

/** Certificates the mesh CA issued, newest first. */
export class CertificatesNamespace extends PaginatedNamespace<JsonObject> {
  /** @internal */
  constructor(t: Transport, mesh: string, filter: Record<string, string | undefined> = {}) {
    super(t, operations.listCertificates, { mesh }, filter);
  }
}
