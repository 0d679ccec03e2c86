import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from './google/protobuf/Timestamp.ts';
import type { ApplyResourceChange__Input as _tfplugin6_ApplyResourceChange__Input, ApplyResourceChange as _tfplugin6_ApplyResourceChange } from './tfplugin6/ApplyResourceChange.ts';
import type { AttributePath__Input as _tfplugin6_AttributePath__Input, AttributePath as _tfplugin6_AttributePath } from './tfplugin6/AttributePath.ts';
import type { CallFunction__Input as _tfplugin6_CallFunction__Input, CallFunction as _tfplugin6_CallFunction } from './tfplugin6/CallFunction.ts';
import type { ClientCapabilities__Input as _tfplugin6_ClientCapabilities__Input, ClientCapabilities as _tfplugin6_ClientCapabilities } from './tfplugin6/ClientCapabilities.ts';
import type { CloseEphemeralResource__Input as _tfplugin6_CloseEphemeralResource__Input, CloseEphemeralResource as _tfplugin6_CloseEphemeralResource } from './tfplugin6/CloseEphemeralResource.ts';
import type { ConfigureProvider__Input as _tfplugin6_ConfigureProvider__Input, ConfigureProvider as _tfplugin6_ConfigureProvider } from './tfplugin6/ConfigureProvider.ts';
import type { Deferred__Input as _tfplugin6_Deferred__Input, Deferred as _tfplugin6_Deferred } from './tfplugin6/Deferred.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from './tfplugin6/Diagnostic.ts';
import type { DynamicValue__Input as _tfplugin6_DynamicValue__Input, DynamicValue as _tfplugin6_DynamicValue } from './tfplugin6/DynamicValue.ts';
import type { Function__Input as _tfplugin6_Function__Input, Function as _tfplugin6_Function } from './tfplugin6/Function.ts';
import type { FunctionError__Input as _tfplugin6_FunctionError__Input, FunctionError as _tfplugin6_FunctionError } from './tfplugin6/FunctionError.ts';
import type { GetFunctions__Input as _tfplugin6_GetFunctions__Input, GetFunctions as _tfplugin6_GetFunctions } from './tfplugin6/GetFunctions.ts';
import type { GetMetadata__Input as _tfplugin6_GetMetadata__Input, GetMetadata as _tfplugin6_GetMetadata } from './tfplugin6/GetMetadata.ts';
import type { GetProviderSchema__Input as _tfplugin6_GetProviderSchema__Input, GetProviderSchema as _tfplugin6_GetProviderSchema } from './tfplugin6/GetProviderSchema.ts';
import type { ImportResourceState__Input as _tfplugin6_ImportResourceState__Input, ImportResourceState as _tfplugin6_ImportResourceState } from './tfplugin6/ImportResourceState.ts';
import type { MoveResourceState__Input as _tfplugin6_MoveResourceState__Input, MoveResourceState as _tfplugin6_MoveResourceState } from './tfplugin6/MoveResourceState.ts';
import type { OpenEphemeralResource__Input as _tfplugin6_OpenEphemeralResource__Input, OpenEphemeralResource as _tfplugin6_OpenEphemeralResource } from './tfplugin6/OpenEphemeralResource.ts';
import type { PlanResourceChange__Input as _tfplugin6_PlanResourceChange__Input, PlanResourceChange as _tfplugin6_PlanResourceChange } from './tfplugin6/PlanResourceChange.ts';
import type { ProviderClient as _tfplugin6_ProviderClient, ProviderDefinition as _tfplugin6_ProviderDefinition } from './tfplugin6/Provider.ts';
import type { RawState__Input as _tfplugin6_RawState__Input, RawState as _tfplugin6_RawState } from './tfplugin6/RawState.ts';
import type { ReadDataSource__Input as _tfplugin6_ReadDataSource__Input, ReadDataSource as _tfplugin6_ReadDataSource } from './tfplugin6/ReadDataSource.ts';
import type { ReadResource__Input as _tfplugin6_ReadResource__Input, ReadResource as _tfplugin6_ReadResource } from './tfplugin6/ReadResource.ts';
import type { RenewEphemeralResource__Input as _tfplugin6_RenewEphemeralResource__Input, RenewEphemeralResource as _tfplugin6_RenewEphemeralResource } from './tfplugin6/RenewEphemeralResource.ts';
import type { Schema__Input as _tfplugin6_Schema__Input, Schema as _tfplugin6_Schema } from './tfplugin6/Schema.ts';
import type { ServerCapabilities__Input as _tfplugin6_ServerCapabilities__Input, ServerCapabilities as _tfplugin6_ServerCapabilities } from './tfplugin6/ServerCapabilities.ts';
import type { StopProvider__Input as _tfplugin6_StopProvider__Input, StopProvider as _tfplugin6_StopProvider } from './tfplugin6/StopProvider.ts';
import type { UpgradeResourceState__Input as _tfplugin6_UpgradeResourceState__Input, UpgradeResourceState as _tfplugin6_UpgradeResourceState } from './tfplugin6/UpgradeResourceState.ts';
import type { ValidateDataResourceConfig__Input as _tfplugin6_ValidateDataResourceConfig__Input, ValidateDataResourceConfig as _tfplugin6_ValidateDataResourceConfig } from './tfplugin6/ValidateDataResourceConfig.ts';
import type { ValidateEphemeralResourceConfig__Input as _tfplugin6_ValidateEphemeralResourceConfig__Input, ValidateEphemeralResourceConfig as _tfplugin6_ValidateEphemeralResourceConfig } from './tfplugin6/ValidateEphemeralResourceConfig.ts';
import type { ValidateProviderConfig__Input as _tfplugin6_ValidateProviderConfig__Input, ValidateProviderConfig as _tfplugin6_ValidateProviderConfig } from './tfplugin6/ValidateProviderConfig.ts';
import type { ValidateResourceConfig__Input as _tfplugin6_ValidateResourceConfig__Input, ValidateResourceConfig as _tfplugin6_ValidateResourceConfig } from './tfplugin6/ValidateResourceConfig.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp__Input, _google_protobuf_Timestamp>
    }
  }
  tfplugin6: {
    ApplyResourceChange: MessageTypeDefinition<_tfplugin6_ApplyResourceChange__Input, _tfplugin6_ApplyResourceChange>
    AttributePath: MessageTypeDefinition<_tfplugin6_AttributePath__Input, _tfplugin6_AttributePath>
    CallFunction: MessageTypeDefinition<_tfplugin6_CallFunction__Input, _tfplugin6_CallFunction>
    ClientCapabilities: MessageTypeDefinition<_tfplugin6_ClientCapabilities__Input, _tfplugin6_ClientCapabilities>
    CloseEphemeralResource: MessageTypeDefinition<_tfplugin6_CloseEphemeralResource__Input, _tfplugin6_CloseEphemeralResource>
    ConfigureProvider: MessageTypeDefinition<_tfplugin6_ConfigureProvider__Input, _tfplugin6_ConfigureProvider>
    Deferred: MessageTypeDefinition<_tfplugin6_Deferred__Input, _tfplugin6_Deferred>
    Diagnostic: MessageTypeDefinition<_tfplugin6_Diagnostic__Input, _tfplugin6_Diagnostic>
    DynamicValue: MessageTypeDefinition<_tfplugin6_DynamicValue__Input, _tfplugin6_DynamicValue>
    Function: MessageTypeDefinition<_tfplugin6_Function__Input, _tfplugin6_Function>
    FunctionError: MessageTypeDefinition<_tfplugin6_FunctionError__Input, _tfplugin6_FunctionError>
    GetFunctions: MessageTypeDefinition<_tfplugin6_GetFunctions__Input, _tfplugin6_GetFunctions>
    GetMetadata: MessageTypeDefinition<_tfplugin6_GetMetadata__Input, _tfplugin6_GetMetadata>
    GetProviderSchema: MessageTypeDefinition<_tfplugin6_GetProviderSchema__Input, _tfplugin6_GetProviderSchema>
    ImportResourceState: MessageTypeDefinition<_tfplugin6_ImportResourceState__Input, _tfplugin6_ImportResourceState>
    MoveResourceState: MessageTypeDefinition<_tfplugin6_MoveResourceState__Input, _tfplugin6_MoveResourceState>
    OpenEphemeralResource: MessageTypeDefinition<_tfplugin6_OpenEphemeralResource__Input, _tfplugin6_OpenEphemeralResource>
    PlanResourceChange: MessageTypeDefinition<_tfplugin6_PlanResourceChange__Input, _tfplugin6_PlanResourceChange>
    Provider: SubtypeConstructor<typeof grpc.Client, _tfplugin6_ProviderClient> & { service: _tfplugin6_ProviderDefinition }
    RawState: MessageTypeDefinition<_tfplugin6_RawState__Input, _tfplugin6_RawState>
    ReadDataSource: MessageTypeDefinition<_tfplugin6_ReadDataSource__Input, _tfplugin6_ReadDataSource>
    ReadResource: MessageTypeDefinition<_tfplugin6_ReadResource__Input, _tfplugin6_ReadResource>
    RenewEphemeralResource: MessageTypeDefinition<_tfplugin6_RenewEphemeralResource__Input, _tfplugin6_RenewEphemeralResource>
    Schema: MessageTypeDefinition<_tfplugin6_Schema__Input, _tfplugin6_Schema>
    ServerCapabilities: MessageTypeDefinition<_tfplugin6_ServerCapabilities__Input, _tfplugin6_ServerCapabilities>
    StopProvider: MessageTypeDefinition<_tfplugin6_StopProvider__Input, _tfplugin6_StopProvider>
    StringKind: EnumTypeDefinition
    UpgradeResourceState: MessageTypeDefinition<_tfplugin6_UpgradeResourceState__Input, _tfplugin6_UpgradeResourceState>
    ValidateDataResourceConfig: MessageTypeDefinition<_tfplugin6_ValidateDataResourceConfig__Input, _tfplugin6_ValidateDataResourceConfig>
    ValidateEphemeralResourceConfig: MessageTypeDefinition<_tfplugin6_ValidateEphemeralResourceConfig__Input, _tfplugin6_ValidateEphemeralResourceConfig>
    ValidateProviderConfig: MessageTypeDefinition<_tfplugin6_ValidateProviderConfig__Input, _tfplugin6_ValidateProviderConfig>
    ValidateResourceConfig: MessageTypeDefinition<_tfplugin6_ValidateResourceConfig__Input, _tfplugin6_ValidateResourceConfig>
  }
}

