// Original file: trellis/tunnel/v1/tunnel.proto


export interface Endpoint__Input {
  'address'?: (string);
  'port'?: (number);
  'serviceAccount'?: (string);
  'workload'?: (string);
  'ready'?: (boolean);
  'vmName'?: (string);
}

export interface Endpoint {
  'address': (string);
  'port': (number);
  'serviceAccount': (string);
  'workload': (string);
  'ready': (boolean);
  'vmName': (string);
}
