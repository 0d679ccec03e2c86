import * as grpc from "@grpc/grpc-js";
import { isDatabaseUnavailable } from "@trellis/core/database";
import { AppError } from "@trellis/core/errors";
import type { ErrorCode } from "@trellis/protocol/errors";

// The one place the tunnel maps the error family to gRPC status codes (STYLE: errors map
// once per transport). Unknown errors become an opaque INTERNAL; the cause goes to the log.
const codes: Partial<Record<ErrorCode, grpc.status>> = {
  unauthenticated: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  not_found: grpc.status.NOT_FOUND,
  invalid: grpc.status.INVALID_ARGUMENT,
  bad_request: grpc.status.INVALID_ARGUMENT,
  conflict: grpc.status.FAILED_PRECONDITION,
  precondition_failed: grpc.status.FAILED_PRECONDITION,
  limit_exceeded: grpc.status.RESOURCE_EXHAUSTED,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
  unavailable: grpc.status.UNAVAILABLE,
};

export interface GrpcStatus {
  code: grpc.status;
  details: string;
}

export function grpcStatusOf(err: unknown): GrpcStatus {
  if (err instanceof AppError) return { code: codes[err.code] ?? grpc.status.INTERNAL, details: err.message };
  // The connector redials UNAVAILABLE with backoff, as it should while the database restarts.
  if (isDatabaseUnavailable(err))
    return { code: grpc.status.UNAVAILABLE, details: "the database is unreachable" };
  return { code: grpc.status.INTERNAL, details: "internal error" };
}
