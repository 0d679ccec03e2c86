// Original file: trellis/tunnel/v1/tunnel.proto


export interface DrainProxy__Input {
  'proxyId'?: (string);
}

export interface DrainProxy {
  'proxyId': (string);
}
