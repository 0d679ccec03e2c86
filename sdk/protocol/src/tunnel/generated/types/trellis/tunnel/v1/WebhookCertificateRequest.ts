// Original file: trellis/tunnel/v1/tunnel.proto


export interface WebhookCertificateRequest__Input {
  'requestId'?: (string);
  'csrPem'?: (string);
  'service'?: (string);
  'namespace'?: (string);
}

export interface WebhookCertificateRequest {
  'requestId': (string);
  'csrPem': (string);
  'service': (string);
  'namespace': (string);
}
