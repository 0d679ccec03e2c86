import { grpcStatusNames } from "@trellis/protocol/resources";

/** gRPC status codes by name (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const grpcCode: Record<(typeof grpcStatusNames)[number], number> = Object.fromEntries(
  grpcStatusNames.map((n, i) => [n, i + 1]),
) as Record<(typeof grpcStatusNames)[number], number>;

/** The gRPC status an HTTP status maps to (gRPC's http-grpc-status-mapping.md). */
export function grpcFromHttp(status: number): number {
  switch (status) {
    case 400:
      return 13; // INTERNAL
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 12; // UNIMPLEMENTED
    case 429:
    case 502:
    case 503:
    case 504:
      return 14; // UNAVAILABLE
    default:
      return 2; // UNKNOWN
  }
}

/** The HTTP status closest to a gRPC status, for an abort given only as a gRPC code. */
export function httpFromGrpc(code: number): number {
  const table: Record<number, number> = { 3: 400, 4: 504, 5: 404, 7: 403, 8: 429, 12: 501, 14: 503, 16: 401 };
  return table[code] ?? 500;
}
