// Original file: health.proto


export interface HealthCheckRequest__Input {
  'service'?: (string);
}

export interface HealthCheckRequest {
  'service': (string);
}
