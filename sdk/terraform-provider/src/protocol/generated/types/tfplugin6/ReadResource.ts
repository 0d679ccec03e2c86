// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from '../tfplugin6/ClientCapabilities.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Deferred__Input as _tfplugin6_Deferred__Input, Deferred as _tfplugin6_Deferred } from '../tfplugin6/Deferred.ts';

export interface _tfplugin6_ReadResource_Request__Input {
  'typeName'?: (string);
  'currentState'?: (_tfplugin6_DynamicValue__Input | null);
  'private'?: (Buffer | Uint8Array | string);
  'providerMeta'?: (_tfplugin6_DynamicValue__Input | null);
  'clientCapabilities'?: (_tfplugin6_ClientCapabilities__Input | null);
}

export interface _tfplugin6_ReadResource_Request {
  'typeName': (string);
  'currentState': (_tfplugin6_DynamicValue | null);
  'private': (Buffer);
  'providerMeta': (_tfplugin6_DynamicValue | null);
  'clientCapabilities': (_tfplugin6_ClientCapabilities | null);
}

export interface _tfplugin6_ReadResource_Response__Input {
  'newState'?: (_tfplugin6_DynamicValue__Input | null);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'private'?: (Buffer | Uint8Array | string);
  'deferred'?: (_tfplugin6_Deferred__Input | null);
}

export interface _tfplugin6_ReadResource_Response {
  'newState': (_tfplugin6_DynamicValue | null);
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'private': (Buffer);
  'deferred': (_tfplugin6_Deferred | null);
}

export interface ReadResource__Input {
}

export interface ReadResource {
}
