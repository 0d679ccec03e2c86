import type { MeshSync } from "@trellis/protocol/api";
import { NotFoundError } from "./errors.ts";
import { AuditNamespace } from "./namespaces/audit.ts";
import { AuthNamespace } from "./namespaces/auth.ts";
import { BillingNamespace } from "./namespaces/billing.ts";
import { CaNamespace, type CertificateFilter, CertificatesNamespace } from "./namespaces/ca.ts";
import { ClustersNamespace } from "./namespaces/clusters.ts";
import { MembersNamespace } from "./namespaces/members.ts";
import { MeshesNamespace } from "./namespaces/meshes.ts";
import { ObservabilityReader, ProxiesNamespace, type ProxyFilter } from "./namespaces/observability.ts";
import { OrgNamespace } from "./namespaces/org.ts";
import { ResourcesNamespace } from "./namespaces/resources.ts";
import { ServicesNamespace } from "./namespaces/services.ts";
import { SyncNamespace, type WaitForSyncOptions } from "./namespaces/sync.ts";
import { type TapOptions, TapStream } from "./namespaces/tap.ts";
import { TokensNamespace } from "./namespaces/tokens.ts";
import { WebhooksNamespace } from "./namespaces/webhooks.ts";
import { siteOperations } from "./operations.ts";
import { checkOptions, requestOptionKeys } from "./options.ts";
import { type ClientOptions, type RequestOptions, Transport } from "./transport.ts";

/**
 * The Trellis API client. Org-wide namespaces are properties (`client.meshes`); mesh-scoped
 * ones are functions of the mesh name (`client.resources("prod")`).
 *
 * @example
 * const client = new TrellisClient({ baseUrl: "https://api.trellis.dev", token: process.env.TRELLIS_TOKEN });
 * for await (const mesh of client.meshes.iterate()) console.log(mesh.name);
 */
export class TrellisClient {
  /** Sign-up, login, logout and `me`. */
  readonly auth: AuthNamespace;
  /** The organisation itself (delete). */
  readonly org: OrgNamespace;
  /** API tokens of the org. */
  readonly tokens: TokensNamespace;
  /** Members of the org and their roles. */
  readonly members: MembersNamespace;
  /** Meshes of the org. */
  readonly meshes: MeshesNamespace;
  /** The org's audit log. */
  readonly audit: AuditNamespace;
  /** The org's webhooks and their delivery logs. */
  readonly webhooks: WebhooksNamespace;
  /** The org's plan, limits and usage; Stripe Checkout and Customer Portal (owner only). */
  readonly billing: BillingNamespace;
  /** @internal The HTTP core, shared by every namespace. */
  readonly transport: Transport;

  constructor(options: ClientOptions) {
    this.transport = new Transport(options);
    this.auth = new AuthNamespace(this.transport);
    this.org = new OrgNamespace(this.transport);
    this.tokens = new TokensNamespace(this.transport);
    this.members = new MembersNamespace(this.transport);
    this.meshes = new MeshesNamespace(this.transport);
    this.audit = new AuditNamespace(this.transport);
    this.webhooks = new WebhooksNamespace(this.transport);
    this.billing = new BillingNamespace(this.transport);
  }

  /** The clusters of a mesh. */
  clusters(mesh: string): ClustersNamespace {
    return new ClustersNamespace(this.transport, mesh);
  }

  /** The configuration resources (routes, policies, settings) of a mesh. */
  resources(mesh: string): ResourcesNamespace {
    return new ResourcesNamespace(this.transport, mesh);
  }

  /** The sync status of a mesh. */
  sync(mesh: string): SyncNamespace {
    return new SyncNamespace(this.transport, mesh);
  }

  /** The services discovered in a mesh. */
  services(mesh: string): ServicesNamespace {
    return new ServicesNamespace(this.transport, mesh);
  }

  /** The proxies of a mesh, optionally filtered by cluster, service, version or drift flag. */
  proxies(mesh: string, filter: ProxyFilter = {}): ProxiesNamespace {
    return new ProxiesNamespace(this.transport, mesh, filter);
  }

  /** The managed CA of a mesh. */
  ca(mesh: string): CaNamespace {
    return new CaNamespace(this.transport, mesh);
  }

  /** Certificates the CA of a mesh issued, optionally filtered by cluster or identity. */
  certificates(mesh: string, filter: CertificateFilter = {}): CertificatesNamespace {
    return new CertificatesNamespace(this.transport, mesh, filter);
  }

  /** Health, golden metrics and the service graph of a mesh. */
  observability(mesh: string): ObservabilityReader {
    return new ObservabilityReader(this.transport, mesh);
  }

  /**
   * A live tap of a service's requests (Server-Sent Events), like `linkerd viz tap`: iterate
   * it; it finishes when the server ends the tap (max events, max seconds) or
   * `options.signal` aborts. Needs a role that may tap (member or above); audited.
   *
   * @example
   * const tap = client.tap("prod", { service: "web", path: "/api", max: 50 });
   * for await (const e of tap) console.log(e.method, e.path, e.status, `${e.latencyMs}ms`);
   * console.log(tap.ended?.reason); // "max_events"
   */
  tap(mesh: string, options: TapOptions): TapStream {
    return new TapStream(this.transport, mesh, options);
  }

  /**
   * Resolves when every cluster and proxy of the mesh runs its desired config version;
   * rejects with `SyncTimeoutError` (listing what is behind and why) after `timeoutMs`.
   */
  waitForSync(mesh: string, options: WaitForSyncOptions = {}): Promise<MeshSync> {
    return this.sync(mesh).wait(options);
  }

  /**
   * Where connectors dial this control plane (its public tunnel address, e.g.
   * `https://tunnel.example:8443`), as the server publishes it; null when it cannot tell
   * (a tunnel on an ephemeral port, or no tunnel role) or is older than this answer.
   */
  async tunnelUrl(options: RequestOptions = {}): Promise<string | null> {
    checkOptions("tunnelUrl", options, requestOptionKeys);
    try {
      const res = await this.transport.call<{ tunnelUrl?: unknown }>(siteOperations.consoleSettings, options);
      return typeof res.body?.tunnelUrl === "string" ? res.body.tunnelUrl : null;
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** The API token in use, if any (e.g. after setting one). */
  get token(): string | undefined {
    return this.transport.session.token;
  }

  /** Switches to another API token (or none, for a cookie session). */
  set token(token: string | undefined) {
    this.transport.session.token = token;
  }

  /** The CSRF token of the cookie session, once known (from login, signup or `me`). */
  get csrfToken(): string | undefined {
    return this.transport.session.csrfToken;
  }
}
