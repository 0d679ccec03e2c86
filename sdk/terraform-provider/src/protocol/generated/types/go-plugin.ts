import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Empty__Input as _google_protobuf_Empty__Input, Empty as _google_protobuf_Empty } from './google/protobuf/Empty.ts';
import type { ConnInfo__Input as _plugin_ConnInfo__Input, ConnInfo as _plugin_ConnInfo } from './plugin/ConnInfo.ts';
import type { Empty__Input as _plugin_Empty__Input, Empty as _plugin_Empty } from './plugin/Empty.ts';
import type { GRPCBrokerClient as _plugin_GRPCBrokerClient, GRPCBrokerDefinition as _plugin_GRPCBrokerDefinition } from './plugin/GRPCBroker.ts';
import type { GRPCControllerClient as _plugin_GRPCControllerClient, GRPCControllerDefinition as _plugin_GRPCControllerDefinition } from './plugin/GRPCController.ts';
import type { GRPCStdioClient as _plugin_GRPCStdioClient, GRPCStdioDefinition as _plugin_GRPCStdioDefinition } from './plugin/GRPCStdio.ts';
import type { StdioData__Input as _plugin_StdioData__Input, StdioData as _plugin_StdioData } from './plugin/StdioData.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Empty: MessageTypeDefinition<_google_protobuf_Empty__Input, _google_protobuf_Empty>
    }
  }
  plugin: {
    ConnInfo: MessageTypeDefinition<_plugin_ConnInfo__Input, _plugin_ConnInfo>
    Empty: MessageTypeDefinition<_plugin_Empty__Input, _plugin_Empty>
    GRPCBroker: SubtypeConstructor<typeof grpc.Client, _plugin_GRPCBrokerClient> & { service: _plugin_GRPCBrokerDefinition }
    GRPCController: SubtypeConstructor<typeof grpc.Client, _plugin_GRPCControllerClient> & { service: _plugin_GRPCControllerDefinition }
    GRPCStdio: SubtypeConstructor<typeof grpc.Client, _plugin_GRPCStdioClient> & { service: _plugin_GRPCStdioDefinition }
    StdioData: MessageTypeDefinition<_plugin_StdioData__Input, _plugin_StdioData>
  }
}

