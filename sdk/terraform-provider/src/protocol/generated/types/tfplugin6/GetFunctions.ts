// Original file: tfplugin6.proto

import type { Function__Input as _tfplugin6_Function__Input, Function as _tfplugin6_Function } from '../tfplugin6/Function.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_GetFunctions_Request__Input {
}

export interface _tfplugin6_GetFunctions_Request {
}

export interface _tfplugin6_GetFunctions_Response__Input {
  'functions'?: ({[key: string]: _tfplugin6_Function__Input});
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_GetFunctions_Response {
  'functions': ({[key: string]: _tfplugin6_Function});
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface GetFunctions__Input {
}

export interface GetFunctions {
}
