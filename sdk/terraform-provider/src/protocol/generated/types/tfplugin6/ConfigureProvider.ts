// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from '../tfplugin6/ClientCapabilities.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_ConfigureProvider_Request__Input {
  'terraformVersion'?: (string);
  'config'?: (_tfplugin6_DynamicValue__Input | null);
  'clientCapabilities'?: (_tfplugin6_ClientCapabilities__Input | null);
}

export interface _tfplugin6_ConfigureProvider_Request {
  'terraformVersion': (string);
  'config': (_tfplugin6_DynamicValue | null);
  'clientCapabilities': (_tfplugin6_ClientCapabilities | null);
}

export interface _tfplugin6_ConfigureProvider_Response__Input {
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_ConfigureProvider_Response {
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface ConfigureProvider__Input {
}

export interface ConfigureProvider {
}
