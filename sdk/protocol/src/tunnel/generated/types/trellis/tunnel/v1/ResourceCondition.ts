// Original file: trellis/tunnel/v1/tunnel.proto


export interface ResourceCondition__Input {
  'type'?: (string);
  'status'?: (string);
  'reason'?: (string);
  'message'?: (string);
}

export interface ResourceCondition {
  'type': (string);
  'status': (string);
  'reason': (string);
  'message': (string);
}
