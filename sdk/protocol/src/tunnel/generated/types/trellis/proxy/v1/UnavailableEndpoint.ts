// Original file: trellis/proxy/v1/proxy.proto


export interface UnavailableEndpoint__Input {
  'address'?: (string);
  'port'?: (number);
  'reason'?: (string);
}

export interface UnavailableEndpoint {
  'address': (string);
  'port': (number);
  'reason': (string);
}
