// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from '../tfplugin6/ClientCapabilities.ts';
import type { AttributePath__Input as _tfplugin6_AttributePath__Input, AttributePath as _tfplugin6_AttributePath } from '../tfplugin6/AttributePath.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Deferred__Input as _tfplugin6_Deferred__Input, Deferred as _tfplugin6_Deferred } from '../tfplugin6/Deferred.ts';

export interface _tfplugin6_PlanResourceChange_Request__Input {
  'typeName'?: (string);
  'priorState'?: (_tfplugin6_DynamicValue__Input | null);
  'proposedNewState'?: (_tfplugin6_DynamicValue__Input | null);
  'config'?: (_tfplugin6_DynamicValue__Input | null);
  'priorPrivate'?: (Buffer | Uint8Array | string);
  'providerMeta'?: (_tfplugin6_DynamicValue__Input | null);
  'clientCapabilities'?: (_tfplugin6_ClientCapabilities__Input | null);
}

export interface _tfplugin6_PlanResourceChange_Request {
  'typeName': (string);
  'priorState': (_tfplugin6_DynamicValue | null);
  'proposedNewState': (_tfplugin6_DynamicValue | null);
  'config': (_tfplugin6_DynamicValue | null);
  'priorPrivate': (Buffer);
  'providerMeta': (_tfplugin6_DynamicValue | null);
  'clientCapabilities': (_tfplugin6_ClientCapabilities | null);
}

export interface _tfplugin6_PlanResourceChange_Response__Input {
  'plannedState'?: (_tfplugin6_DynamicValue__Input | null);
  'requiresReplace'?: (_tfplugin6_AttributePath__Input)[];
  'plannedPrivate'?: (Buffer | Uint8Array | string);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'legacyTypeSystem'?: (boolean);
  'deferred'?: (_tfplugin6_Deferred__Input | null);
}

export interface _tfplugin6_PlanResourceChange_Response {
  'plannedState': (_tfplugin6_DynamicValue | null);
  'requiresReplace': (_tfplugin6_AttributePath)[];
  'plannedPrivate': (Buffer);
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'legacyTypeSystem': (boolean);
  'deferred': (_tfplugin6_Deferred | null);
}

export interface PlanResourceChange__Input {
}

export interface PlanResourceChange {
}
