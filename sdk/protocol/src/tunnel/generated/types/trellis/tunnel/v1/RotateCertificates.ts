// Original file: trellis/tunnel/v1/tunnel.proto


export interface RotateCertificates__Input {
}

export interface RotateCertificates {
}
