// Original file: tfplugin6.proto

import type { AttributePath__Input as _tfplugin6_AttributePath__Input, AttributePath as _tfplugin6_AttributePath } from '../tfplugin6/AttributePath.ts';

// Original file: tfplugin6.proto

export const _tfplugin6_Diagnostic_Severity = {
  INVALID: 'INVALID',
  ERROR: 'ERROR',
  WARNING: 'WARNING',
} as const;

export type _tfplugin6_Diagnostic_Severity__Input =
  | 'INVALID'
  | 0
  | 'ERROR'
  | 1
  | 'WARNING'
  | 2

export type _tfplugin6_Diagnostic_Severity = typeof _tfplugin6_Diagnostic_Severity[keyof typeof _tfplugin6_Diagnostic_Severity]

export interface Diagnostic__Input {
  'severity'?: (_tfplugin6_Diagnostic_Severity__Input);
  'summary'?: (string);
  'detail'?: (string);
  'attribute'?: (_tfplugin6_AttributePath__Input | null);
}

export interface Diagnostic {
  'severity': (_tfplugin6_Diagnostic_Severity);
  'summary': (string);
  'detail': (string);
  'attribute': (_tfplugin6_AttributePath | null);
}
