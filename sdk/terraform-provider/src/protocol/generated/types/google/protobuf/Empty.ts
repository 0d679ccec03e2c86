// Original file: null


export interface Empty__Input {
}

export interface Empty {
}
