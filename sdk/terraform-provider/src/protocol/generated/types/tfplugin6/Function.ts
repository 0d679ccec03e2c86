// Original file: tfplugin6.proto

import type { StringKind__Input as _tfplugin6_StringKind__Input, StringKind as _tfplugin6_StringKind } from '../tfplugin6/StringKind.ts';

export interface _tfplugin6_Function_Parameter__Input {
  'name'?: (string);
  'type'?: (Buffer | Uint8Array | string);
  'allowNullValue'?: (boolean);
  'allowUnknownValues'?: (boolean);
  'description'?: (string);
  'descriptionKind'?: (_tfplugin6_StringKind__Input);
}

export interface _tfplugin6_Function_Parameter {
  'name': (string);
  'type': (Buffer);
  'allowNullValue': (boolean);
  'allowUnknownValues': (boolean);
  'description': (string);
  'descriptionKind': (_tfplugin6_StringKind);
}

export interface _tfplugin6_Function_Return__Input {
  'type'?: (Buffer | Uint8Array | string);
}

export interface _tfplugin6_Function_Return {
  'type': (Buffer);
}

export interface Function__Input {
  'parameters'?: (_tfplugin6_Function_Parameter__Input)[];
  'variadicParameter'?: (_tfplugin6_Function_Parameter__Input | null);
  'return'?: (_tfplugin6_Function_Return__Input | null);
  'summary'?: (string);
  'description'?: (string);
  'descriptionKind'?: (_tfplugin6_StringKind__Input);
  'deprecationMessage'?: (string);
}

export interface Function {
  'parameters': (_tfplugin6_Function_Parameter)[];
  'variadicParameter': (_tfplugin6_Function_Parameter | null);
  'return': (_tfplugin6_Function_Return | null);
  'summary': (string);
  'description': (string);
  'descriptionKind': (_tfplugin6_StringKind);
  'deprecationMessage': (string);
}
