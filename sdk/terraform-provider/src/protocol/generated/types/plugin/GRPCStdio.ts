// Original file: go-plugin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty__Input as _google_protobuf_Empty__Input, Empty as _google_protobuf_Empty } from '../google/protobuf/Empty.ts';
import type { StdioData__Input as _plugin_StdioData__Input, StdioData as _plugin_StdioData } from '../plugin/StdioData.ts';

export interface GRPCStdioClient extends grpc.Client {
  StreamStdio(argument: _google_protobuf_Empty__Input, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_plugin_StdioData>;
  StreamStdio(argument: _google_protobuf_Empty__Input, options?: grpc.CallOptions): grpc.ClientReadableStream<_plugin_StdioData>;
  streamStdio(argument: _google_protobuf_Empty__Input, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_plugin_StdioData>;
  streamStdio(argument: _google_protobuf_Empty__Input, options?: grpc.CallOptions): grpc.ClientReadableStream<_plugin_StdioData>;
  
}

export interface GRPCStdioHandlers extends grpc.UntypedServiceImplementation {
  StreamStdio: grpc.handleServerStreamingCall<_google_protobuf_Empty, _plugin_StdioData__Input>;
  
}

export interface GRPCStdioDefinition extends grpc.ServiceDefinition {
  StreamStdio: MethodDefinition<_google_protobuf_Empty__Input, _plugin_StdioData__Input, _google_protobuf_Empty, _plugin_StdioData>
}
