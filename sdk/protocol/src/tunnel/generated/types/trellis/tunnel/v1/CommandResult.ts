// Original file: trellis/tunnel/v1/tunnel.proto


export interface CommandResult__Input {
  'commandId'?: (string);
  'ok'?: (boolean);
  'error'?: (string);
}

export interface CommandResult {
  'commandId': (string);
  'ok': (boolean);
  'error': (string);
}
