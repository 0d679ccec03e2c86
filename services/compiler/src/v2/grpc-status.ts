import { type grpcRetryCodes, grpcStatusNames } from "@trellis/protocol/resources";

/** gRPC status codes by name (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export function grpcCodeOf(name: (typeof grpcStatusNames)[number]): number {
  return grpcStatusNames.indexOf(name) + 1;
}

const retryCodes: Record<(typeof grpcRetryCodes)[number], number> = {
  cancelled: 1,
  "deadline-exceeded": 4,
  "resource-exhausted": 8,
  internal: 13,
  unavailable: 14,
};

/** RetryPolicy `grpcRetryOn` names as numeric codes, ascending. */
export function grpcRetryCodesOf(names: readonly (typeof grpcRetryCodes)[number][]): number[] {
  return [...new Set(names.map((n) => retryCodes[n]))].sort((a, b) => a - b);
}

/** The gRPC status an HTTP status maps to (gRPC's http-grpc-status-mapping.md). */
export function grpcFromHttp(status: number): number {
  const table: Record<number, number> = {
    400: 13,
    401: 16,
    403: 7,
    404: 12,
    429: 14,
    502: 14,
    503: 14,
    504: 14,
  };
  return table[status] ?? 2; // UNKNOWN
}

/** The HTTP status closest to a gRPC status, for an abort given only as a gRPC code. */
export function httpFromGrpc(code: number): number {
  const table: Record<number, number> = { 3: 400, 4: 504, 5: 404, 7: 403, 8: 429, 12: 501, 14: 503, 16: 401 };
  return table[code] ?? 500;
}
