// Original file: tfplugin6.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { _tfplugin6_GetMetadata_Request__Input, _tfplugin6_GetMetadata_Request } from '../tfplugin6/GetMetadata.ts';
import type { _tfplugin6_GetProviderSchema_Request__Input, _tfplugin6_GetProviderSchema_Request } from '../tfplugin6/GetProviderSchema.ts';
import type { _tfplugin6_ValidateProviderConfig_Request__Input, _tfplugin6_ValidateProviderConfig_Request } from '../tfplugin6/ValidateProviderConfig.ts';
import type { _tfplugin6_ValidateResourceConfig_Request__Input, _tfplugin6_ValidateResourceConfig_Request } from '../tfplugin6/ValidateResourceConfig.ts';
import type { _tfplugin6_ValidateDataResourceConfig_Request__Input, _tfplugin6_ValidateDataResourceConfig_Request } from '../tfplugin6/ValidateDataResourceConfig.ts';
import type { _tfplugin6_UpgradeResourceState_Request__Input, _tfplugin6_UpgradeResourceState_Request } from '../tfplugin6/UpgradeResourceState.ts';
import type { _tfplugin6_ConfigureProvider_Request__Input, _tfplugin6_ConfigureProvider_Request } from '../tfplugin6/ConfigureProvider.ts';
import type { _tfplugin6_ReadResource_Request__Input, _tfplugin6_ReadResource_Request } from '../tfplugin6/ReadResource.ts';
import type { _tfplugin6_PlanResourceChange_Request__Input, _tfplugin6_PlanResourceChange_Request } from '../tfplugin6/PlanResourceChange.ts';
import type { _tfplugin6_ApplyResourceChange_Request__Input, _tfplugin6_ApplyResourceChange_Request } from '../tfplugin6/ApplyResourceChange.ts';
import type { _tfplugin6_ImportResourceState_Request__Input, _tfplugin6_ImportResourceState_Request } from '../tfplugin6/ImportResourceState.ts';
import type { _tfplugin6_MoveResourceState_Request__Input, _tfplugin6_MoveResourceState_Request } from '../tfplugin6/MoveResourceState.ts';
import type { _tfplugin6_ReadDataSource_Request__Input, _tfplugin6_ReadDataSource_Request } from '../tfplugin6/ReadDataSource.ts';
import type { _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, _tfplugin6_ValidateEphemeralResourceConfig_Request } from '../tfplugin6/ValidateEphemeralResourceConfig.ts';
import type { _tfplugin6_OpenEphemeralResource_Request__Input, _tfplugin6_OpenEphemeralResource_Request } from '../tfplugin6/OpenEphemeralResource.ts';
import type { _tfplugin6_RenewEphemeralResource_Request__Input, _tfplugin6_RenewEphemeralResource_Request } from '../tfplugin6/RenewEphemeralResource.ts';
import type { _tfplugin6_CloseEphemeralResource_Request__Input, _tfplugin6_CloseEphemeralResource_Request } from '../tfplugin6/CloseEphemeralResource.ts';
import type { _tfplugin6_GetFunctions_Request__Input, _tfplugin6_GetFunctions_Request } from '../tfplugin6/GetFunctions.ts';
import type { _tfplugin6_CallFunction_Request__Input, _tfplugin6_CallFunction_Request } from '../tfplugin6/CallFunction.ts';
import type { _tfplugin6_StopProvider_Request__Input, _tfplugin6_StopProvider_Request } from '../tfplugin6/StopProvider.ts';
import type { _tfplugin6_GetMetadata_Response__Input, _tfplugin6_GetMetadata_Response } from '../tfplugin6/GetMetadata.ts';
import type { _tfplugin6_GetProviderSchema_Response__Input, _tfplugin6_GetProviderSchema_Response } from '../tfplugin6/GetProviderSchema.ts';
import type { _tfplugin6_ValidateProviderConfig_Response__Input, _tfplugin6_ValidateProviderConfig_Response } from '../tfplugin6/ValidateProviderConfig.ts';
import type { _tfplugin6_ValidateResourceConfig_Response__Input, _tfplugin6_ValidateResourceConfig_Response } from '../tfplugin6/ValidateResourceConfig.ts';
import type { _tfplugin6_ValidateDataResourceConfig_Response__Input, _tfplugin6_ValidateDataResourceConfig_Response } from '../tfplugin6/ValidateDataResourceConfig.ts';
import type { _tfplugin6_UpgradeResourceState_Response__Input, _tfplugin6_UpgradeResourceState_Response } from '../tfplugin6/UpgradeResourceState.ts';
import type { _tfplugin6_ConfigureProvider_Response__Input, _tfplugin6_ConfigureProvider_Response } from '../tfplugin6/ConfigureProvider.ts';
import type { _tfplugin6_ReadResource_Response__Input, _tfplugin6_ReadResource_Response } from '../tfplugin6/ReadResource.ts';
import type { _tfplugin6_PlanResourceChange_Response__Input, _tfplugin6_PlanResourceChange_Response } from '../tfplugin6/PlanResourceChange.ts';
import type { _tfplugin6_ApplyResourceChange_Response__Input, _tfplugin6_ApplyResourceChange_Response } from '../tfplugin6/ApplyResourceChange.ts';
import type { _tfplugin6_ImportResourceState_Response__Input, _tfplugin6_ImportResourceState_Response } from '../tfplugin6/ImportResourceState.ts';
import type { _tfplugin6_MoveResourceState_Response__Input, _tfplugin6_MoveResourceState_Response } from '../tfplugin6/MoveResourceState.ts';
import type { _tfplugin6_ReadDataSource_Response__Input, _tfplugin6_ReadDataSource_Response } from '../tfplugin6/ReadDataSource.ts';
import type { _tfplugin6_ValidateEphemeralResourceConfig_Response__Input, _tfplugin6_ValidateEphemeralResourceConfig_Response } from '../tfplugin6/ValidateEphemeralResourceConfig.ts';
import type { _tfplugin6_OpenEphemeralResource_Response__Input, _tfplugin6_OpenEphemeralResource_Response } from '../tfplugin6/OpenEphemeralResource.ts';
import type { _tfplugin6_RenewEphemeralResource_Response__Input, _tfplugin6_RenewEphemeralResource_Response } from '../tfplugin6/RenewEphemeralResource.ts';
import type { _tfplugin6_CloseEphemeralResource_Response__Input, _tfplugin6_CloseEphemeralResource_Response } from '../tfplugin6/CloseEphemeralResource.ts';
import type { _tfplugin6_GetFunctions_Response__Input, _tfplugin6_GetFunctions_Response } from '../tfplugin6/GetFunctions.ts';
import type { _tfplugin6_CallFunction_Response__Input, _tfplugin6_CallFunction_Response } from '../tfplugin6/CallFunction.ts';
import type { _tfplugin6_StopProvider_Response__Input, _tfplugin6_StopProvider_Response } from '../tfplugin6/StopProvider.ts';

export interface ProviderClient extends grpc.Client {
  ApplyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  ApplyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  ApplyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  ApplyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  applyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  applyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  applyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  applyResourceChange(argument: _tfplugin6_ApplyResourceChange_Request__Input, callback: grpc.requestCallback<_tfplugin6_ApplyResourceChange_Response>): grpc.ClientUnaryCall;
  
  CallFunction(argument: _tfplugin6_CallFunction_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  CallFunction(argument: _tfplugin6_CallFunction_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  CallFunction(argument: _tfplugin6_CallFunction_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  CallFunction(argument: _tfplugin6_CallFunction_Request__Input, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  callFunction(argument: _tfplugin6_CallFunction_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  callFunction(argument: _tfplugin6_CallFunction_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  callFunction(argument: _tfplugin6_CallFunction_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  callFunction(argument: _tfplugin6_CallFunction_Request__Input, callback: grpc.requestCallback<_tfplugin6_CallFunction_Response>): grpc.ClientUnaryCall;
  
  CloseEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  CloseEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  CloseEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  CloseEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  closeEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  closeEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  closeEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  closeEphemeralResource(argument: _tfplugin6_CloseEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_CloseEphemeralResource_Response>): grpc.ClientUnaryCall;
  
  ConfigureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  ConfigureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  ConfigureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  ConfigureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  configureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  configureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  configureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  configureProvider(argument: _tfplugin6_ConfigureProvider_Request__Input, callback: grpc.requestCallback<_tfplugin6_ConfigureProvider_Response>): grpc.ClientUnaryCall;
  
  GetFunctions(argument: _tfplugin6_GetFunctions_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  GetFunctions(argument: _tfplugin6_GetFunctions_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  GetFunctions(argument: _tfplugin6_GetFunctions_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  GetFunctions(argument: _tfplugin6_GetFunctions_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  getFunctions(argument: _tfplugin6_GetFunctions_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  getFunctions(argument: _tfplugin6_GetFunctions_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  getFunctions(argument: _tfplugin6_GetFunctions_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  getFunctions(argument: _tfplugin6_GetFunctions_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetFunctions_Response>): grpc.ClientUnaryCall;
  
  GetMetadata(argument: _tfplugin6_GetMetadata_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  GetMetadata(argument: _tfplugin6_GetMetadata_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  GetMetadata(argument: _tfplugin6_GetMetadata_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  GetMetadata(argument: _tfplugin6_GetMetadata_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  getMetadata(argument: _tfplugin6_GetMetadata_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  getMetadata(argument: _tfplugin6_GetMetadata_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  getMetadata(argument: _tfplugin6_GetMetadata_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  getMetadata(argument: _tfplugin6_GetMetadata_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetMetadata_Response>): grpc.ClientUnaryCall;
  
  GetProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  GetProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  GetProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  GetProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  getProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  getProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  getProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  getProviderSchema(argument: _tfplugin6_GetProviderSchema_Request__Input, callback: grpc.requestCallback<_tfplugin6_GetProviderSchema_Response>): grpc.ClientUnaryCall;
  
  ImportResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  ImportResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  ImportResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  ImportResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  importResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  importResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  importResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  importResourceState(argument: _tfplugin6_ImportResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_ImportResourceState_Response>): grpc.ClientUnaryCall;
  
  MoveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  MoveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  MoveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  MoveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  moveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  moveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  moveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  moveResourceState(argument: _tfplugin6_MoveResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_MoveResourceState_Response>): grpc.ClientUnaryCall;
  
  OpenEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  OpenEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  OpenEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  OpenEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  openEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  openEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  openEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  openEphemeralResource(argument: _tfplugin6_OpenEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_OpenEphemeralResource_Response>): grpc.ClientUnaryCall;
  
  PlanResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  PlanResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  PlanResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  PlanResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  planResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  planResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  planResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  planResourceChange(argument: _tfplugin6_PlanResourceChange_Request__Input, callback: grpc.requestCallback<_tfplugin6_PlanResourceChange_Response>): grpc.ClientUnaryCall;
  
  ReadDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  ReadDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  ReadDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  ReadDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  readDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  readDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  readDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  readDataSource(argument: _tfplugin6_ReadDataSource_Request__Input, callback: grpc.requestCallback<_tfplugin6_ReadDataSource_Response>): grpc.ClientUnaryCall;
  
  ReadResource(argument: _tfplugin6_ReadResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  ReadResource(argument: _tfplugin6_ReadResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  ReadResource(argument: _tfplugin6_ReadResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  ReadResource(argument: _tfplugin6_ReadResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  readResource(argument: _tfplugin6_ReadResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  readResource(argument: _tfplugin6_ReadResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  readResource(argument: _tfplugin6_ReadResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  readResource(argument: _tfplugin6_ReadResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_ReadResource_Response>): grpc.ClientUnaryCall;
  
  RenewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  RenewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  RenewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  RenewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  renewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  renewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  renewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  renewEphemeralResource(argument: _tfplugin6_RenewEphemeralResource_Request__Input, callback: grpc.requestCallback<_tfplugin6_RenewEphemeralResource_Response>): grpc.ClientUnaryCall;
  
  StopProvider(argument: _tfplugin6_StopProvider_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  StopProvider(argument: _tfplugin6_StopProvider_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  StopProvider(argument: _tfplugin6_StopProvider_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  StopProvider(argument: _tfplugin6_StopProvider_Request__Input, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  stopProvider(argument: _tfplugin6_StopProvider_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  stopProvider(argument: _tfplugin6_StopProvider_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  stopProvider(argument: _tfplugin6_StopProvider_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  stopProvider(argument: _tfplugin6_StopProvider_Request__Input, callback: grpc.requestCallback<_tfplugin6_StopProvider_Response>): grpc.ClientUnaryCall;
  
  UpgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  UpgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  UpgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  UpgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  upgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  upgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  upgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  upgradeResourceState(argument: _tfplugin6_UpgradeResourceState_Request__Input, callback: grpc.requestCallback<_tfplugin6_UpgradeResourceState_Response>): grpc.ClientUnaryCall;
  
  ValidateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  validateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  validateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  validateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  validateDataResourceConfig(argument: _tfplugin6_ValidateDataResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateDataResourceConfig_Response>): grpc.ClientUnaryCall;
  
  ValidateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  validateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  validateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  validateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  validateEphemeralResourceConfig(argument: _tfplugin6_ValidateEphemeralResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateEphemeralResourceConfig_Response>): grpc.ClientUnaryCall;
  
  ValidateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  ValidateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  ValidateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  ValidateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  validateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  validateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  validateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  validateProviderConfig(argument: _tfplugin6_ValidateProviderConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateProviderConfig_Response>): grpc.ClientUnaryCall;
  
  ValidateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  ValidateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  validateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  validateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  validateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  validateResourceConfig(argument: _tfplugin6_ValidateResourceConfig_Request__Input, callback: grpc.requestCallback<_tfplugin6_ValidateResourceConfig_Response>): grpc.ClientUnaryCall;
  
}

export interface ProviderHandlers extends grpc.UntypedServiceImplementation {
  ApplyResourceChange: grpc.handleUnaryCall<_tfplugin6_ApplyResourceChange_Request, _tfplugin6_ApplyResourceChange_Response__Input>;
  
  CallFunction: grpc.handleUnaryCall<_tfplugin6_CallFunction_Request, _tfplugin6_CallFunction_Response__Input>;
  
  CloseEphemeralResource: grpc.handleUnaryCall<_tfplugin6_CloseEphemeralResource_Request, _tfplugin6_CloseEphemeralResource_Response__Input>;
  
  ConfigureProvider: grpc.handleUnaryCall<_tfplugin6_ConfigureProvider_Request, _tfplugin6_ConfigureProvider_Response__Input>;
  
  GetFunctions: grpc.handleUnaryCall<_tfplugin6_GetFunctions_Request, _tfplugin6_GetFunctions_Response__Input>;
  
  GetMetadata: grpc.handleUnaryCall<_tfplugin6_GetMetadata_Request, _tfplugin6_GetMetadata_Response__Input>;
  
  GetProviderSchema: grpc.handleUnaryCall<_tfplugin6_GetProviderSchema_Request, _tfplugin6_GetProviderSchema_Response__Input>;
  
  ImportResourceState: grpc.handleUnaryCall<_tfplugin6_ImportResourceState_Request, _tfplugin6_ImportResourceState_Response__Input>;
  
  MoveResourceState: grpc.handleUnaryCall<_tfplugin6_MoveResourceState_Request, _tfplugin6_MoveResourceState_Response__Input>;
  
  OpenEphemeralResource: grpc.handleUnaryCall<_tfplugin6_OpenEphemeralResource_Request, _tfplugin6_OpenEphemeralResource_Response__Input>;
  
  PlanResourceChange: grpc.handleUnaryCall<_tfplugin6_PlanResourceChange_Request, _tfplugin6_PlanResourceChange_Response__Input>;
  
  ReadDataSource: grpc.handleUnaryCall<_tfplugin6_ReadDataSource_Request, _tfplugin6_ReadDataSource_Response__Input>;
  
  ReadResource: grpc.handleUnaryCall<_tfplugin6_ReadResource_Request, _tfplugin6_ReadResource_Response__Input>;
  
  RenewEphemeralResource: grpc.handleUnaryCall<_tfplugin6_RenewEphemeralResource_Request, _tfplugin6_RenewEphemeralResource_Response__Input>;
  
  StopProvider: grpc.handleUnaryCall<_tfplugin6_StopProvider_Request, _tfplugin6_StopProvider_Response__Input>;
  
  UpgradeResourceState: grpc.handleUnaryCall<_tfplugin6_UpgradeResourceState_Request, _tfplugin6_UpgradeResourceState_Response__Input>;
  
  ValidateDataResourceConfig: grpc.handleUnaryCall<_tfplugin6_ValidateDataResourceConfig_Request, _tfplugin6_ValidateDataResourceConfig_Response__Input>;
  
  ValidateEphemeralResourceConfig: grpc.handleUnaryCall<_tfplugin6_ValidateEphemeralResourceConfig_Request, _tfplugin6_ValidateEphemeralResourceConfig_Response__Input>;
  
  ValidateProviderConfig: grpc.handleUnaryCall<_tfplugin6_ValidateProviderConfig_Request, _tfplugin6_ValidateProviderConfig_Response__Input>;
  
  ValidateResourceConfig: grpc.handleUnaryCall<_tfplugin6_ValidateResourceConfig_Request, _tfplugin6_ValidateResourceConfig_Response__Input>;
  
}

export interface ProviderDefinition extends grpc.ServiceDefinition {
  ApplyResourceChange: MethodDefinition<_tfplugin6_ApplyResourceChange_Request__Input, _tfplugin6_ApplyResourceChange_Response__Input, _tfplugin6_ApplyResourceChange_Request, _tfplugin6_ApplyResourceChange_Response>
  CallFunction: MethodDefinition<_tfplugin6_CallFunction_Request__Input, _tfplugin6_CallFunction_Response__Input, _tfplugin6_CallFunction_Request, _tfplugin6_CallFunction_Response>
  CloseEphemeralResource: MethodDefinition<_tfplugin6_CloseEphemeralResource_Request__Input, _tfplugin6_CloseEphemeralResource_Response__Input, _tfplugin6_CloseEphemeralResource_Request, _tfplugin6_CloseEphemeralResource_Response>
  ConfigureProvider: MethodDefinition<_tfplugin6_ConfigureProvider_Request__Input, _tfplugin6_ConfigureProvider_Response__Input, _tfplugin6_ConfigureProvider_Request, _tfplugin6_ConfigureProvider_Response>
  GetFunctions: MethodDefinition<_tfplugin6_GetFunctions_Request__Input, _tfplugin6_GetFunctions_Response__Input, _tfplugin6_GetFunctions_Request, _tfplugin6_GetFunctions_Response>
  GetMetadata: MethodDefinition<_tfplugin6_GetMetadata_Request__Input, _tfplugin6_GetMetadata_Response__Input, _tfplugin6_GetMetadata_Request, _tfplugin6_GetMetadata_Response>
  GetProviderSchema: MethodDefinition<_tfplugin6_GetProviderSchema_Request__Input, _tfplugin6_GetProviderSchema_Response__Input, _tfplugin6_GetProviderSchema_Request, _tfplugin6_GetProviderSchema_Response>
  ImportResourceState: MethodDefinition<_tfplugin6_ImportResourceState_Request__Input, _tfplugin6_ImportResourceState_Response__Input, _tfplugin6_ImportResourceState_Request, _tfplugin6_ImportResourceState_Response>
  MoveResourceState: MethodDefinition<_tfplugin6_MoveResourceState_Request__Input, _tfplugin6_MoveResourceState_Response__Input, _tfplugin6_MoveResourceState_Request, _tfplugin6_MoveResourceState_Response>
  OpenEphemeralResource: MethodDefinition<_tfplugin6_OpenEphemeralResource_Request__Input, _tfplugin6_OpenEphemeralResource_Response__Input, _tfplugin6_OpenEphemeralResource_Request, _tfplugin6_OpenEphemeralResource_Response>
  PlanResourceChange: MethodDefinition<_tfplugin6_PlanResourceChange_Request__Input, _tfplugin6_PlanResourceChange_Response__Input, _tfplugin6_PlanResourceChange_Request, _tfplugin6_PlanResourceChange_Response>
  ReadDataSource: MethodDefinition<_tfplugin6_ReadDataSource_Request__Input, _tfplugin6_ReadDataSource_Response__Input, _tfplugin6_ReadDataSource_Request, _tfplugin6_ReadDataSource_Response>
  ReadResource: MethodDefinition<_tfplugin6_ReadResource_Request__Input, _tfplugin6_ReadResource_Response__Input, _tfplugin6_ReadResource_Request, _tfplugin6_ReadResource_Response>
  RenewEphemeralResource: MethodDefinition<_tfplugin6_RenewEphemeralResource_Request__Input, _tfplugin6_RenewEphemeralResource_Response__Input, _tfplugin6_RenewEphemeralResource_Request, _tfplugin6_RenewEphemeralResource_Response>
  StopProvider: MethodDefinition<_tfplugin6_StopProvider_Request__Input, _tfplugin6_StopProvider_Response__Input, _tfplugin6_StopProvider_Request, _tfplugin6_StopProvider_Response>
  UpgradeResourceState: MethodDefinition<_tfplugin6_UpgradeResourceState_Request__Input, _tfplugin6_UpgradeResourceState_Response__Input, _tfplugin6_UpgradeResourceState_Request, _tfplugin6_UpgradeResourceState_Response>
  ValidateDataResourceConfig: MethodDefinition<_tfplugin6_ValidateDataResourceConfig_Request__Input, _tfplugin6_ValidateDataResourceConfig_Response__Input, _tfplugin6_ValidateDataResourceConfig_Request, _tfplugin6_ValidateDataResourceConfig_Response>
  ValidateEphemeralResourceConfig: MethodDefinition<_tfplugin6_ValidateEphemeralResourceConfig_Request__Input, _tfplugin6_ValidateEphemeralResourceConfig_Response__Input, _tfplugin6_ValidateEphemeralResourceConfig_Request, _tfplugin6_ValidateEphemeralResourceConfig_Response>
  ValidateProviderConfig: MethodDefinition<_tfplugin6_ValidateProviderConfig_Request__Input, _tfplugin6_ValidateProviderConfig_Response__Input, _tfplugin6_ValidateProviderConfig_Request, _tfplugin6_ValidateProviderConfig_Response>
  ValidateResourceConfig: MethodDefinition<_tfplugin6_ValidateResourceConfig_Request__Input, _tfplugin6_ValidateResourceConfig_Response__Input, _tfplugin6_ValidateResourceConfig_Request, _tfplugin6_ValidateResourceConfig_Response>
}
