// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface EdgeStats__Input {
  'sourceService'?: (string);
  'sourceNamespace'?: (string);
  'destinationService'?: (string);
  'destinationNamespace'?: (string);
  'route'?: (string);
  'requests'?: (number | string | Long);
  'successes'?: (number | string | Long);
  'latencyBuckets'?: (number | string | Long)[];
  'denied'?: ({[key: string]: number | string | Long});
  'retries'?: (number | string | Long);
}

export interface EdgeStats {
  'sourceService': (string);
  'sourceNamespace': (string);
  'destinationService': (string);
  'destinationNamespace': (string);
  'route': (string);
  'requests': (number);
  'successes': (number);
  'latencyBuckets': (number)[];
  'denied': ({[key: string]: number});
  'retries': (number);
}
