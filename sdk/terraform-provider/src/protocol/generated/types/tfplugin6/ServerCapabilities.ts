// Original file: tfplugin6.proto


export interface ServerCapabilities__Input {
  'planDestroy'?: (boolean);
  'getProviderSchemaOptional'?: (boolean);
  'moveResourceState'?: (boolean);
}

export interface ServerCapabilities {
  'planDestroy': (boolean);
  'getProviderSchemaOptional': (boolean);
  'moveResourceState': (boolean);
}
