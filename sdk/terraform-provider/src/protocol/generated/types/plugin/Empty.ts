// Original file: go-plugin.proto


export interface Empty__Input {
}

export interface Empty {
}
