// Original file: tfplugin6.proto


export interface ClientCapabilities__Input {
  'deferralAllowed'?: (boolean);
  'writeOnlyAttributesAllowed'?: (boolean);
}

export interface ClientCapabilities {
  'deferralAllowed': (boolean);
  'writeOnlyAttributesAllowed': (boolean);
}
