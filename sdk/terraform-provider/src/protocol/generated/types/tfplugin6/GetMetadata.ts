// Original file: tfplugin6.proto

import type { ServerCapabilities__Input as _tfplugin6_ServerCapabilities__Input, ServerCapabilities as _tfplugin6_ServerCapabilities } from '../tfplugin6/ServerCapabilities.ts';
import type { Diagnostic__Input as _tfplugin6_Diagnostic__Input, Diagnostic as _tfplugin6_Diagnostic } from '../tfplugin6/Diagnostic.ts';

export interface _tfplugin6_GetMetadata_DataSourceMetadata__Input {
  'typeName'?: (string);
}

export interface _tfplugin6_GetMetadata_DataSourceMetadata {
  'typeName': (string);
}

export interface _tfplugin6_GetMetadata_EphemeralMetadata__Input {
  'typeName'?: (string);
}

export interface _tfplugin6_GetMetadata_EphemeralMetadata {
  'typeName': (string);
}

export interface _tfplugin6_GetMetadata_FunctionMetadata__Input {
  'name'?: (string);
}

export interface _tfplugin6_GetMetadata_FunctionMetadata {
  'name': (string);
}

export interface _tfplugin6_GetMetadata_Request__Input {
}

export interface _tfplugin6_GetMetadata_Request {
}

export interface _tfplugin6_GetMetadata_ResourceMetadata__Input {
  'typeName'?: (string);
}

export interface _tfplugin6_GetMetadata_ResourceMetadata {
  'typeName': (string);
}

export interface _tfplugin6_GetMetadata_Response__Input {
  'serverCapabilities'?: (_tfplugin6_ServerCapabilities__Input | null);
  'diagnostics'?: (_tfplugin6_Diagnostic__Input)[];
  'dataSources'?: (_tfplugin6_GetMetadata_DataSourceMetadata__Input)[];
  'resources'?: (_tfplugin6_GetMetadata_ResourceMetadata__Input)[];
  'functions'?: (_tfplugin6_GetMetadata_FunctionMetadata__Input)[];
  'ephemeralResources'?: (_tfplugin6_GetMetadata_EphemeralMetadata__Input)[];
}

export interface _tfplugin6_GetMetadata_Response {
  'serverCapabilities': (_tfplugin6_ServerCapabilities | null);
  'diagnostics': (_tfplugin6_Diagnostic)[];
  'dataSources': (_tfplugin6_GetMetadata_DataSourceMetadata)[];
  'resources': (_tfplugin6_GetMetadata_ResourceMetadata)[];
  'functions': (_tfplugin6_GetMetadata_FunctionMetadata)[];
  'ephemeralResources': (_tfplugin6_GetMetadata_EphemeralMetadata)[];
}

export interface GetMetadata__Input {
}

export interface GetMetadata {
}
