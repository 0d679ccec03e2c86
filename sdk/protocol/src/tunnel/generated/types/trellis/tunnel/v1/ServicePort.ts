// Original file: trellis/tunnel/v1/tunnel.proto


export interface ServicePort__Input {
  'port'?: (number);
  'protocol'?: (string);
  'name'?: (string);
}

export interface ServicePort {
  'port': (number);
  'protocol': (string);
  'name': (string);
}
