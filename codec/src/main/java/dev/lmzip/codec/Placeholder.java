package dev.lmzip.codec; final class Placeholder {}
