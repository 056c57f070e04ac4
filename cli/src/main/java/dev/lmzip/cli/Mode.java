package dev.lmzip.cli;

/** What the codec commands do with each input. */
enum Mode {
    COMPRESS, DECOMPRESS, TEST
}
