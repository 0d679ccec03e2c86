// Original file: go-plugin.proto


export interface _plugin_ConnInfo_Knock__Input {
  'knock'?: (boolean);
  'ack'?: (boolean);
  'error'?: (string);
}

export interface _plugin_ConnInfo_Knock {
  'knock': (boolean);
  'ack': (boolean);
  'error': (string);
}

export interface ConnInfo__Input {
  'serviceId'?: (number);
  'network'?: (string);
  'address'?: (string);
  'knock'?: (_plugin_ConnInfo_Knock__Input | null);
}

export interface ConnInfo {
  'serviceId': (number);
  'network': (string);
  'address': (string);
  'knock': (_plugin_ConnInfo_Knock | null);
}
