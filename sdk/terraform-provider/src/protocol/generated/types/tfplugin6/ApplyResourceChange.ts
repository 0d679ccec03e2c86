// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_ApplyResourceChange_Request__Input {
  'typeName'?: (string);
  'priorState'?: (_tfplugin6_DynamicValue__Input | null);
  'plannedState'?: (_tfplugin6_DynamicValue__Input | null);
  'config'?: (_tfplugin6_DynamicValue__Input | null);
  'plannedPrivate'?: (Buffer | Uint8Array | string);
  'providerMeta'?: (_tfplugin6_DynamicValue__Input | null);
}

export interface _tfplugin6_ApplyResourceChange_Request {
  'typeName': (string);
  'priorState': (_tfplugin6_DynamicValue | null);
  'plannedState': (_tfplugin6_DynamicValue | null);
  'config': (_tfplugin6_DynamicValue | null);
  'plannedPrivate': (Buffer);
  'providerMeta': (_tfplugin6_DynamicValue | null);
}

export interface _tfplugin6_ApplyResourceChange_Response__Input {
  'newState'?: (_tfplugin6_DynamicValue__Input | null);
  'private'?: (Buffer | Uint8Array | string);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'legacyTypeSystem'?: (boolean);
}

export interface _tfplugin6_ApplyResourceChange_Response {
  'newState': (_tfplugin6_DynamicValue | null);
  'private': (Buffer);
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'legacyTypeSystem': (boolean);
}

export interface ApplyResourceChange__Input {
}

export interface ApplyResourceChange {
}
