// Original file: trellis/tunnel/v1/tunnel.proto

export const GoodbyeReason = {
  GOODBYE_REASON_UNSPECIFIED: 'GOODBYE_REASON_UNSPECIFIED',
  GOODBYE_REASON_REVOKED: 'GOODBYE_REASON_REVOKED',
  GOODBYE_REASON_SHUTDOWN: 'GOODBYE_REASON_SHUTDOWN',
  GOODBYE_REASON_REPLACED: 'GOODBYE_REASON_REPLACED',
} as const;

export type GoodbyeReason__Input =
  | 'GOODBYE_REASON_UNSPECIFIED'
  | 0
  | 'GOODBYE_REASON_REVOKED'
  | 1
  | 'GOODBYE_REASON_SHUTDOWN'
  | 2
  | 'GOODBYE_REASON_REPLACED'
  | 3

export type GoodbyeReason = typeof GoodbyeReason[keyof typeof GoodbyeReason]
