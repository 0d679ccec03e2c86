// Original file: tfplugin6.proto

import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_CloseEphemeralResource_Request__Input {
  'typeName'?: (string);
  'private'?: (Buffer | Uint8Array | string);
  '_private'?: "private";
}

export interface _tfplugin6_CloseEphemeralResource_Request {
  'typeName': (string);
  'private'?: (Buffer);
  '_private'?: "private";
}

export interface _tfplugin6_CloseEphemeralResource_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_CloseEphemeralResource_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface CloseEphemeralResource__Input {
}

export interface CloseEphemeralResource {
}
