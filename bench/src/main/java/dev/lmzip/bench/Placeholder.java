package dev.lmzip.bench; final class Placeholder {}
