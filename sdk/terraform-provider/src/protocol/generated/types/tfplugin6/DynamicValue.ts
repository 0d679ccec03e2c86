// Original file: tfplugin6.proto


export interface DynamicValue__Input {
  'msgpack'?: (Buffer | Uint8Array | string);
  'json'?: (Buffer | Uint8Array | string);
}

export interface DynamicValue {
  'msgpack': (Buffer);
  'json': (Buffer);
}
