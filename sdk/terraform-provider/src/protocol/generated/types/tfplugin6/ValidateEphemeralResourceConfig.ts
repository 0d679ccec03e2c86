// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_ValidateEphemeralResourceConfig_Request__Input {
  'typeName'?: (string);
  'config'?: (_tfplugin6_DynamicValue__Input | null);
}

export interface _tfplugin6_ValidateEphemeralResourceConfig_Request {
  'typeName': (string);
  'config': (_tfplugin6_DynamicValue | null);
}

export interface _tfplugin6_ValidateEphemeralResourceConfig_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_ValidateEphemeralResourceConfig_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface ValidateEphemeralResourceConfig__Input {
}

export interface ValidateEphemeralResourceConfig {
}
