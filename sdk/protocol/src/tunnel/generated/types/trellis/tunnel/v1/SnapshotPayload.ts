// Original file: trellis/tunnel/v1/tunnel.proto


export interface SnapshotPayload__Input {
  'schema'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
}

export interface SnapshotPayload {
  'schema': (string);
  'payload': (Buffer);
}
