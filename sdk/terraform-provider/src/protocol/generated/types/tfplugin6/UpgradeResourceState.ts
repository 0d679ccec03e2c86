// Original file: tfplugin6.proto

import type { RawState__Input as _tfplugin6_RawState__Input, RawState as _tfplugin6_RawState } from '../tfplugin6/RawState.ts';
import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from '../tfplugin6/DynamicValue.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';
import type { Long } from '@grpc/proto-loader';

export interface _tfplugin6_UpgradeResourceState_Request__Input {
  'typeName'?: (string);
  'version'?: (number | string | Long);
  'rawState'?: (_tfplugin6_RawState__Input | null);
}

export interface _tfplugin6_UpgradeResourceState_Request {
  'typeName': (string);
  'version': (number);
  'rawState': (_tfplugin6_RawState | null);
}

export interface _tfplugin6_UpgradeResourceState_Response__Input {
  'upgradedState'?: (_tfplugin6_DynamicValue__Input | null);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
}

export interface _tfplugin6_UpgradeResourceState_Response {
  'upgradedState': (_tfplugin6_DynamicValue | null);
  'diagnostics': (_tfplugin6_Diagnostic)[];
}

export interface UpgradeResourceState__Input {
}

export interface UpgradeResourceState {
}
