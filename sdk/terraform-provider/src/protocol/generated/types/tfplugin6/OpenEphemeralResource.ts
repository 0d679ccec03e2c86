// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from '../tfplugin6/ClientCapabilities.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../google/protobuf/Timestamp.ts';
import type { Deferred__Input as _tfplugin6_Deferred__Input, Deferred as _tfplugin6_Deferred } from '../tfplugin6/Deferred.ts';

export interface _tfplugin6_OpenEphemeralResource_Request__Input {
  'typeName'?: (string);
  'config'?: (_tfplugin6_DynamicValue__Input | null);
  'clientCapabilities'?: (_tfplugin6_ClientCapabilities__Input | null);
}

export interface _tfplugin6_OpenEphemeralResource_Request {
  'typeName': (string);
  'config': (_tfplugin6_DynamicValue | null);
  'clientCapabilities': (_tfplugin6_ClientCapabilities | null);
}

export interface _tfplugin6_OpenEphemeralResource_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'renewAt'?: (_google_protobuf_Timestamp__Input | null);
  'result'?: (_tfplugin6_DynamicValue__Input | null);
  'private'?: (Buffer | Uint8Array | string);
  'deferred'?: (_tfplugin6_Deferred__Input | null);
  '_renewAt'?: "renewAt";
  '_private'?: "private";
}

export interface _tfplugin6_OpenEphemeralResource_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'renewAt'?: (_google_protobuf_Timestamp | null);
  'result': (_tfplugin6_DynamicValue | null);
  'private'?: (Buffer);
  'deferred': (_tfplugin6_Deferred | null);
  '_renewAt'?: "renewAt";
  '_private'?: "private";
}

export interface OpenEphemeralResource__Input {
}

export interface OpenEphemeralResource {
}
