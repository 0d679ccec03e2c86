// Original file: trellis/tunnel/v1/tunnel.proto


export interface SignRequest__Input {
  'requestId'?: (string);
  'csrPem'?: (string);
  'identity'?: (string);
  'proxyId'?: (string);
}

export interface SignRequest {
  'requestId': (string);
  'csrPem': (string);
  'identity': (string);
  'proxyId': (string);
}
