// Original file: tfplugin6.proto

import type { Schema__Input as _tfplugin6_Schema__Input, Schema as _tfplugin6_Schema } from '../tfplugin6/Schema.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { ServerCapabilities__Input as _tfplugin6_ServerCapabilities__Input, ServerCapabilities as _tfplugin6_ServerCapabilities } from '../tfplugin6/ServerCapabilities.ts';
import type { Function__Input as _tfplugin6_Function__Input, Function as _tfplugin6_Function } from '../tfplugin6/Function.ts';

export interface _tfplugin6_GetProviderSchema_Request__Input {
}

export interface _tfplugin6_GetProviderSchema_Request {
}

export interface _tfplugin6_GetProviderSchema_Response__Input {
  'provider'?: (_tfplugin6_Schema__Input | null);
  'resourceSchemas'?: ({[key: string]: _tfplugin6_Schema__Input});
  'dataSourceSchemas'?: ({[key: string]: _tfplugin6_Schema__Input});
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'providerMeta'?: (_tfplugin6_Schema__Input | null);
  'serverCapabilities'?: (_tfplugin6_ServerCapabilities__Input | null);
  'functions'?: ({[key: string]: _tfplugin6_Function__Input});
  'ephemeralResourceSchemas'?: ({[key: string]: _tfplugin6_Schema__Input});
}

export interface _tfplugin6_GetProviderSchema_Response {
  'provider': (_tfplugin6_Schema | null);
  'resourceSchemas': ({[key: string]: _tfplugin6_Schema});
  'dataSourceSchemas': ({[key: string]: _tfplugin6_Schema});
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'providerMeta': (_tfplugin6_Schema | null);
  'serverCapabilities': (_tfplugin6_ServerCapabilities | null);
  'functions': ({[key: string]: _tfplugin6_Function});
  'ephemeralResourceSchemas': ({[key: string]: _tfplugin6_Schema});
}

export interface GetProviderSchema__Input {
}

export interface GetProviderSchema {
}
