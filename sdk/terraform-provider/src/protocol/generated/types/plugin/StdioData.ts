// Original file: go-plugin.proto


// Original file: go-plugin.proto

export const _plugin_StdioData_Channel = {
  INVALID: 'INVALID',
  STDOUT: 'STDOUT',
  STDERR: 'STDERR',
} as const;

export type _plugin_StdioData_Channel__Input =
  | 'INVALID'
  | 0
  | 'STDOUT'
  | 1
  | 'STDERR'
  | 2

export type _plugin_StdioData_Channel = typeof _plugin_StdioData_Channel[keyof typeof _plugin_StdioData_Channel]

export interface StdioData__Input {
  'channel'?: (_plugin_StdioData_Channel__Input);
  'data'?: (Buffer | Uint8Array | string);
}

export interface StdioData {
  'channel': (_plugin_StdioData_Channel);
  'data': (Buffer);
}
