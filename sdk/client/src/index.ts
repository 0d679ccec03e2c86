// Entry point `@trellis/sdk`: the client, its options, typed errors and the object types.
export type {
  AddMemberInput,
  ApiToken,
  AuditEntry,
  Billing,
  BillingRedirect,
  BillingStatus,
  CaRoot,
  CaRotation,
  Certificate,
  CheckoutInput,
  Cluster,
  CreatedCluster,
  CreatedToken,
  CreatedWebhook,
  CreateMeshInput,
  CreateTokenInput,
  DiscoveredService,
  ExternalCaInput,
  FlagEvent,
  FlagName,
  GoldenStats,
  HealthFlag,
  Invite,
  LoginInput,
  Member,
  MeResponse,
  Mesh,
  MeshCa,
  MeshHealth,
  MeshMetrics,
  MeshProxy,
  MeshSync,
  MetricWindow,
  Org,
  Plan,
  PlanId,
  PlanLimits,
  ProxyKind,
  Role,
  RotateCaInput,
  RotationPhase,
  ServiceGraph,
  ServiceGraphEdge,
  ServiceGraphNode,
  SessionResponse,
  SignupInput,
  TapEndReason,
  TapEvent,
  TapStarted,
  UpdateMeshInput,
  UsageHour,
  User,
  Webhook,
  WebhookDelivery,
} from "@trellis/protocol/api";
export type {
  Condition,
  ConditionType,
  MeshResource,
  ResourceDocument,
  ResourceKind,
  ResourceStatus,
} from "@trellis/protocol/resources";
export { TrellisClient } from "./client.ts";
export {
  BadRequestError,
  ConflictError,
  type ErrorCode,
  type FieldError,
  ForbiddenError,
  InternalServerError,
  LimitExceededError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  type Problem,
  pointerToPath,
  RateLimitedError,
  RetryableError,
  TrellisApiError,
  TrellisNetworkError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from "./errors.ts";
export type { AuditNamespace } from "./namespaces/audit.ts";
export type { AuthNamespace } from "./namespaces/auth.ts";
export type { IfMatchOptions, PaginatedNamespace, WithEtag } from "./namespaces/base.ts";
export type { BillingNamespace } from "./namespaces/billing.ts";
export type { CaNamespace, CertificateFilter, CertificatesNamespace } from "./namespaces/ca.ts";
export type { ClustersNamespace, JoinToken } from "./namespaces/clusters.ts";
export type { AddMemberResult, MembersNamespace } from "./namespaces/members.ts";
export type { MeshesNamespace } from "./namespaces/meshes.ts";
export type {
  MetricsQuery,
  ObservabilityReader,
  ProxiesNamespace,
  ProxyFilter,
} from "./namespaces/observability.ts";
export type { OrgNamespace } from "./namespaces/org.ts";
export type {
  NamespaceOption,
  PutResourceOptions,
  PutResourceResult,
  ResourceDocumentInput,
  ResourceFilter,
  ResourceSpecInput,
  ResourcesNamespace,
} from "./namespaces/resources.ts";
export type { ServicesNamespace } from "./namespaces/services.ts";
export type { SyncNamespace, WaitForSyncOptions } from "./namespaces/sync.ts";
export { describeLagging, type LaggingItem, SyncTimeoutError } from "./namespaces/sync-status.ts";
export type { TapEnded, TapOptions, TapStream } from "./namespaces/tap.ts";
export type { TokensNamespace } from "./namespaces/tokens.ts";
export type { WebhookInput, WebhooksNamespace } from "./namespaces/webhooks.ts";
export type { IterateOptions, Page, PageOptions, Paginated } from "./pagination.ts";
export type { RetryOptions } from "./retry.ts";
export { readEventStream, type ServerSentEvent, SseParser } from "./sse.ts";
export type { ClientOptions, RequestOptions } from "./transport.ts";
export { sdkVersion } from "./transport.ts";
export { parseWarnings } from "./warnings.ts";
