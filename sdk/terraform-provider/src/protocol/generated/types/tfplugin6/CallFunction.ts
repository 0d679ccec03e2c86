// Original file: tfplugin6.proto

import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { FunctionError__Input as _tfplugin6_FunctionError__Input, FunctionError as _tfplugin6_FunctionError } from '../tfplugin6/FunctionError.ts';

export interface _tfplugin6_CallFunction_Request__Input {
  'name'?: (string);
  'arguments'?: (_tfplugin6_DynamicValue__Input)[];
}

export interface _tfplugin6_CallFunction_Request {
  'name': (string);
  'arguments': (_tfplugin6_DynamicValue)[];
}

export interface _tfplugin6_CallFunction_Response__Input {
  'result'?: (_tfplugin6_DynamicValue__Input | null);
  'error'?: (_tfplugin6_FunctionError__Input | null);
}

export interface _tfplugin6_CallFunction_Response {
  'result': (_tfplugin6_DynamicValue | null);
  'error': (_tfplugin6_FunctionError | null);
}

export interface CallFunction__Input {
}

export interface CallFunction {
}
