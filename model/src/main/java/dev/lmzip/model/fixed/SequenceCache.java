package dev.lmzip.model.fixed;

/** The keys and values of one segment, wherever an engine keeps them (heap or device memory). */
public interface SequenceCache extends AutoCloseable {
    int capacity();

    /** Number of positions holding valid entries. */
    int length();

    /** Forgets every position (a new segment starts). */
    void clear();

    /** Releases the memory it holds (device memory for the GPU engine); nothing for heap caches. */
    @Override
    default void close() {
    }
}
