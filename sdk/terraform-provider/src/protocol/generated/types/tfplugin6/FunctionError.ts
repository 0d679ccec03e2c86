// Original file: tfplugin6.proto

import type { Long } from '@grpc/proto-loader';

export interface FunctionError__Input {
  'text'?: (string);
  'functionArgument'?: (number | string | Long);
  '_functionArgument'?: "functionArgument";
}

export interface FunctionError {
  'text': (string);
  'functionArgument'?: (number);
  '_functionArgument'?: "functionArgument";
}
