// Original file: tfplugin6.proto

import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from '../tfplugin6/ClientCapabilities.ts';
import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Deferred__Input as _tfplugin6_Deferred__Input, Deferred as _tfplugin6_Deferred } from '../tfplugin6/Deferred.ts';

export interface _tfplugin6_ImportResourceState_ImportedResource__Input {
  'typeName'?: (string);
  'state'?: (_tfplugin6_DynamicValue__Input | null);
  'private'?: (Buffer | Uint8Array | string);
}

export interface _tfplugin6_ImportResourceState_ImportedResource {
  'typeName': (string);
  'state': (_tfplugin6_DynamicValue | null);
  'private': (Buffer);
}

export interface _tfplugin6_ImportResourceState_Request__Input {
  'typeName'?: (string);
  'id'?: (string);
  'clientCapabilities'?: (_tfplugin6_ClientCapabilities__Input | null);
}

export interface _tfplugin6_ImportResourceState_Request {
  'typeName': (string);
  'id': (string);
  'clientCapabilities': (_tfplugin6_ClientCapabilities | null);
}

export interface _tfplugin6_ImportResourceState_Response__Input {
  'importedResources'?: (_tfplugin6_ImportResourceState_ImportedResource__Input)[];
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'deferred'?: (_tfplugin6_Deferred__Input | null);
}

export interface _tfplugin6_ImportResourceState_Response {
  'importedResources': (_tfplugin6_ImportResourceState_ImportedResource)[];
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'deferred': (_tfplugin6_Deferred | null);
}

export interface ImportResourceState__Input {
}

export interface ImportResourceState {
}
