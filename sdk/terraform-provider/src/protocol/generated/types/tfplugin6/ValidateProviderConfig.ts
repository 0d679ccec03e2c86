// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_ValidateProviderConfig_Request__Input {
  'config'?: (_tfplugin6_DynamicValue__Input | null);
}

export interface _tfplugin6_ValidateProviderConfig_Request {
  'config': (_tfplugin6_DynamicValue | null);
}

export interface _tfplugin6_ValidateProviderConfig_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_ValidateProviderConfig_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface ValidateProviderConfig__Input {
}

export interface ValidateProviderConfig {
}
