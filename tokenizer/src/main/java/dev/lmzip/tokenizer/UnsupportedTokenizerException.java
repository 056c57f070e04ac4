package dev.lmzip.tokenizer;

/**
 * A well-formed tokenizer file of a kind this module does not implement (for example a WordPiece
 * or Unigram model, a lower-casing normalizer, or a pre-tokenizer other than GPT-2 byte-level).
 * The message names the unsupported component.
 */
public class UnsupportedTokenizerException extends TokenizerFormatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedTokenizerException(String message) {
        super(message);
    }
}
