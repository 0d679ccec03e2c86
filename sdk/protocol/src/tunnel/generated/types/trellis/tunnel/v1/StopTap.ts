// Original file: trellis/tunnel/v1/tunnel.proto


export interface StopTap__Input {
  'tapId'?: (string);
}

export interface StopTap {
  'tapId': (string);
}
