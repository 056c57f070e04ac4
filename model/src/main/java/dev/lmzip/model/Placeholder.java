package dev.lmzip.model; final class Placeholder {}
