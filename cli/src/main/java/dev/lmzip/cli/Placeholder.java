package dev.lmzip.cli; final class Placeholder {}
