// Original file: trellis/tunnel/v1/tunnel.proto

import type { SignedCertificate__Input as _trellis_tunnel_v1_SignedCertificate__Input, SignedCertificate as _trellis_tunnel_v1_SignedCertificate } from '../../../trellis/tunnel/v1/SignedCertificate.ts';
import type { SignError__Input as _trellis_tunnel_v1_SignError__Input, SignError as _trellis_tunnel_v1_SignError } from '../../../trellis/tunnel/v1/SignError.ts';

export interface SignResponse__Input {
  'requestId'?: (string);
  'certificate'?: (_trellis_tunnel_v1_SignedCertificate__Input | null);
  'error'?: (_trellis_tunnel_v1_SignError__Input | null);
  'result'?: "certificate"|"error";
}

export interface SignResponse {
  'requestId': (string);
  'certificate'?: (_trellis_tunnel_v1_SignedCertificate | null);
  'error'?: (_trellis_tunnel_v1_SignError | null);
  'result'?: "certificate"|"error";
}
