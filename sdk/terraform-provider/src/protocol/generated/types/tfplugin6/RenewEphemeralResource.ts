// Original file: tfplugin6.proto

import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../google/protobuf/Timestamp.ts';

export interface _tfplugin6_RenewEphemeralResource_Request__Input {
  'typeName'?: (string);
  'private'?: (Buffer | Uint8Array | string);
  '_private'?: "private";
}

export interface _tfplugin6_RenewEphemeralResource_Request {
  'typeName': (string);
  'private'?: (Buffer);
  '_private'?: "private";
}

export interface _tfplugin6_RenewEphemeralResource_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'renewAt'?: (_google_protobuf_Timestamp__Input | null);
  'private'?: (Buffer | Uint8Array | string);
  '_renewAt'?: "renewAt";
  '_private'?: "private";
}

export interface _tfplugin6_RenewEphemeralResource_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'renewAt'?: (_google_protobuf_Timestamp | null);
  'private'?: (Buffer);
  '_renewAt'?: "renewAt";
  '_private'?: "private";
}

export interface RenewEphemeralResource__Input {
}

export interface RenewEphemeralResource {
}
