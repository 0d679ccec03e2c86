// Original file: tfplugin6.proto

import type { StringKind__Input as _tfplugin6_StringKind__Input, StringKind as _tfplugin6_StringKind } from '../tfplugin6/StringKind.ts';
import type { Long } from '@grpc/proto-loader';

export interface _tfplugin6_Schema_Attribute__Input {
  'name'?: (string);
  'type'?: (Buffer | Uint8Array | string);
  'nestedType'?: (_tfplugin6_Schema_Object__Input | null);
  'description'?: (string);
  'required'?: (boolean);
  'optional'?: (boolean);
  'computed'?: (boolean);
  'sensitive'?: (boolean);
  'descriptionKind'?: (_tfplugin6_StringKind__Input);
  'deprecated'?: (boolean);
  'writeOnly'?: (boolean);
}

export interface _tfplugin6_Schema_Attribute {
  'name': (string);
  'type': (Buffer);
  'nestedType': (_tfplugin6_Schema_Object | null);
  'description': (string);
  'required': (boolean);
  'optional': (boolean);
  'computed': (boolean);
  'sensitive': (boolean);
  'descriptionKind': (_tfplugin6_StringKind);
  'deprecated': (boolean);
  'writeOnly': (boolean);
}

export interface _tfplugin6_Schema_Block__Input {
  'version'?: (number | string | Long);
  'attributes'?: (_tfplugin6_Schema_Attribute__Input)[];
  'blockTypes'?: (_tfplugin6_Schema_NestedBlock__Input)[];
  'description'?: (string);
  'descriptionKind'?: (_tfplugin6_StringKind__Input);
  'deprecated'?: (boolean);
}

export interface _tfplugin6_Schema_Block {
  'version': (number);
  'attributes': (_tfplugin6_Schema_Attribute)[];
  'blockTypes': (_tfplugin6_Schema_NestedBlock)[];
  'description': (string);
  'descriptionKind': (_tfplugin6_StringKind);
  'deprecated': (boolean);
}

export interface _tfplugin6_Schema_NestedBlock__Input {
  'typeName'?: (string);
  'block'?: (_tfplugin6_Schema_Block__Input | null);
  'nesting'?: (_tfplugin6_Schema_NestedBlock_NestingMode__Input);
  'minItems'?: (number | string | Long);
  'maxItems'?: (number | string | Long);
}

export interface _tfplugin6_Schema_NestedBlock {
  'typeName': (string);
  'block': (_tfplugin6_Schema_Block | null);
  'nesting': (_tfplugin6_Schema_NestedBlock_NestingMode);
  'minItems': (number);
  'maxItems': (number);
}

// Original file: tfplugin6.proto

export const _tfplugin6_Schema_NestedBlock_NestingMode = {
  INVALID: 'INVALID',
  SINGLE: 'SINGLE',
  LIST: 'LIST',
  SET: 'SET',
  MAP: 'MAP',
  GROUP: 'GROUP',
} as const;

export type _tfplugin6_Schema_NestedBlock_NestingMode__Input =
  | 'INVALID'
  | 0
  | 'SINGLE'
  | 1
  | 'LIST'
  | 2
  | 'SET'
  | 3
  | 'MAP'
  | 4
  | 'GROUP'
  | 5

export type _tfplugin6_Schema_NestedBlock_NestingMode = typeof _tfplugin6_Schema_NestedBlock_NestingMode[keyof typeof _tfplugin6_Schema_NestedBlock_NestingMode]

// Original file: tfplugin6.proto

export const _tfplugin6_Schema_Object_NestingMode = {
  INVALID: 'INVALID',
  SINGLE: 'SINGLE',
  LIST: 'LIST',
  SET: 'SET',
  MAP: 'MAP',
} as const;

export type _tfplugin6_Schema_Object_NestingMode__Input =
  | 'INVALID'
  | 0
  | 'SINGLE'
  | 1
  | 'LIST'
  | 2
  | 'SET'
  | 3
  | 'MAP'
  | 4

export type _tfplugin6_Schema_Object_NestingMode = typeof _tfplugin6_Schema_Object_NestingMode[keyof typeof _tfplugin6_Schema_Object_NestingMode]

export interface _tfplugin6_Schema_Object__Input {
  'attributes'?: (_tfplugin6_Schema_Attribute__Input)[];
  'nesting'?: (_tfplugin6_Schema_Object_NestingMode__Input);
  'minItems'?: (number | string | Long);
  'maxItems'?: (number | string | Long);
}

export interface _tfplugin6_Schema_Object {
  'attributes': (_tfplugin6_Schema_Attribute)[];
  'nesting': (_tfplugin6_Schema_Object_NestingMode);
  'minItems': (number);
  'maxItems': (number);
}

export interface Schema__Input {
  'version'?: (number | string | Long);
  'block'?: (_tfplugin6_Schema_Block__Input | null);
}

export interface Schema {
  'version': (number);
  'block': (_tfplugin6_Schema_Block | null);
}
