// Original file: tfplugin6.proto


// Original file: tfplugin6.proto

export const _tfplugin6_Deferred_Reason = {
  UNKNOWN: 'UNKNOWN',
  RESOURCE_CONFIG_UNKNOWN: 'RESOURCE_CONFIG_UNKNOWN',
  PROVIDER_CONFIG_UNKNOWN: 'PROVIDER_CONFIG_UNKNOWN',
  ABSENT_PREREQ: 'ABSENT_PREREQ',
} as const;

export type _tfplugin6_Deferred_Reason__Input =
  | 'UNKNOWN'
  | 0
  | 'RESOURCE_CONFIG_UNKNOWN'
  | 1
  | 'PROVIDER_CONFIG_UNKNOWN'
  | 2
  | 'ABSENT_PREREQ'
  | 3

export type _tfplugin6_Deferred_Reason = typeof _tfplugin6_Deferred_Reason[keyof typeof _tfplugin6_Deferred_Reason]

export interface Deferred__Input {
  'reason'?: (_tfplugin6_Deferred_Reason__Input);
}

export interface Deferred {
  'reason': (_tfplugin6_Deferred_Reason);
}
