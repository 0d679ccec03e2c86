// Original file: go-plugin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty__Input as _plugin_Empty__Input, Empty as _plugin_Empty } from '../plugin/Empty.ts';

export interface GRPCControllerClient extends grpc.Client {
  Shutdown(argument: _plugin_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  Shutdown(argument: _plugin_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  Shutdown(argument: _plugin_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  Shutdown(argument: _plugin_Empty__Input, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  shutdown(argument: _plugin_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  shutdown(argument: _plugin_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  shutdown(argument: _plugin_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  shutdown(argument: _plugin_Empty__Input, callback: grpc.requestCallback<_plugin_Empty>): grpc.ClientUnaryCall;
  
}

export interface GRPCControllerHandlers extends grpc.UntypedServiceImplementation {
  Shutdown: grpc.handleUnaryCall<_plugin_Empty, _plugin_Empty__Input>;
  
}

export interface GRPCControllerDefinition extends grpc.ServiceDefinition {
  Shutdown: MethodDefinition<_plugin_Empty__Input, _plugin_Empty__Input, _plugin_Empty, _plugin_Empty>
}
