// Original file: tfplugin6.proto


export interface RawState__Input {
  'json'?: (Buffer | Uint8Array | string);
  'flatmap'?: ({[key: string]: string});
}

export interface RawState {
  'json': (Buffer);
  'flatmap': ({[key: string]: string});
}
