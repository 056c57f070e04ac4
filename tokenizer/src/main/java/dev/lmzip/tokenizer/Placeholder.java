package dev.lmzip.tokenizer; final class Placeholder {}
