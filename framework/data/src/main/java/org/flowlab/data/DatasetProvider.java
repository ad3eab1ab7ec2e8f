package org.flowlab.data;

/** One named dataset: knows its image shape, where its files live and how to read them. */
public interface DatasetProvider {
    String name();

    String description();

    int channels();

    int height();

    int width();

    /** Number of classes its labels take, 0..classes−1 (class-conditional models one-hot them). */
    int classes();

    /** Reads and verifies the split from {@code dir}; never touches the network. */
    ImageDataset load(Split split, DataDirectory dir) throws DatasetException;

    /**
     * Checks, without reading them, that the files {@link #load} needs are where it will look: lets a
     * sweep stop before its first trial with the same "missing, fetch it from here" message.
     * Providers that need no files accept any directory.
     */
    default void requirePresent(DataDirectory dir) throws DatasetException {
    }

    /**
     * Fetches whatever files are missing or fail their checksum from the canonical address.
     * Only ever called on explicit request, so that a run never downloads behind the user's back.
     * Providers that need no files do nothing.
     */
    default void download(DataDirectory dir) throws DatasetException {
    }
}
