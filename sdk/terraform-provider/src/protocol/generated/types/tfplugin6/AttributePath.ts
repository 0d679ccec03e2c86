// Original file: tfplugin6.proto

import type { Long } from '@grpc/proto-loader';

export interface _tfplugin6_AttributePath_Step__Input {
  'attributeName'?: (string);
  'elementKeyString'?: (string);
  'elementKeyInt'?: (number | string | Long);
  'selector'?: "attributeName"|"elementKeyString"|"elementKeyInt";
}

export interface _tfplugin6_AttributePath_Step {
  'attributeName'?: (string);
  'elementKeyString'?: (string);
  'elementKeyInt'?: (number);
  'selector'?: "attributeName"|"elementKeyString"|"elementKeyInt";
}

export interface AttributePath__Input {
  'steps'?: (_tfplugin6_AttributePath_Step__Input)[];
}

export interface AttributePath {
  'steps': (_tfplugin6_AttributePath_Step)[];
}
