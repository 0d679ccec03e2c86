// Original file: tfplugin6.proto

import type { RawState__Input as _tfplugin6_RawState__Input, RawState as _tfplugin6_RawState } from '../tfplugin6/RawState.ts';
import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Long } from '@grpc/proto-loader';

export interface _tfplugin6_MoveResourceState_Request__Input {
  'sourceProviderAddress'?: (string);
  'sourceTypeName'?: (string);
  'sourceSchemaVersion'?: (number | string | Long);
  'sourceState'?: (_tfplugin6_RawState__Input | null);
  'targetTypeName'?: (string);
  'sourcePrivate'?: (Buffer | Uint8Array | string);
}

export interface _tfplugin6_MoveResourceState_Request {
  'sourceProviderAddress': (string);
  'sourceTypeName': (string);
  'sourceSchemaVersion': (number);
  'sourceState': (_tfplugin6_RawState | null);
  'targetTypeName': (string);
  'sourcePrivate': (Buffer);
}

export interface _tfplugin6_MoveResourceState_Response__Input {
  'targetState'?: (_tfplugin6_DynamicValue__Input | null);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'targetPrivate'?: (Buffer | Uint8Array | string);
}

export interface _tfplugin6_MoveResourceState_Response {
  'targetState': (_tfplugin6_DynamicValue | null);
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'targetPrivate': (Buffer);
}

export interface MoveResourceState__Input {
}

export interface MoveResourceState {
}
