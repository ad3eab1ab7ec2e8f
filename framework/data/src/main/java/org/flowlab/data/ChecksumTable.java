package org.flowlab.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Expected checksums of a dataset's files, keyed by file name (not path: the data root is movable). */
public final class ChecksumTable {
    private final Map<String, Checksum> byFileName;

    private ChecksumTable(Map<String, Checksum> byFileName) {
        this.byFileName = Map.copyOf(byFileName);
    }

    public static ChecksumTable of(Map<String, Checksum> byFileName) {
        return new ChecksumTable(Objects.requireNonNull(byFileName, "byFileName"));
    }

    /** A copy with one entry added or replaced; how tests feed in digests of deliberately damaged files. */
    public ChecksumTable with(String fileName, Checksum checksum) {
        Map<String, Checksum> copy = new LinkedHashMap<>(byFileName);
        copy.put(Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(checksum, "checksum"));
        return new ChecksumTable(copy);
    }

    /** @throws IllegalArgumentException if the table has no entry for the name */
    public Checksum expected(String fileName) {
        Checksum checksum = byFileName.get(fileName);
        if (checksum == null) {
            throw new IllegalArgumentException("No checksum known for " + fileName + "; known files: " + byFileName.keySet());
        }
        return checksum;
    }

    /** Verifies a file against the entry for its file name. */
    public void verify(Path file) throws DatasetException {
        String fileName = file.getFileName().toString();
        Checksum checksum = byFileName.get(fileName);
        if (checksum == null) {
            throw new DatasetException(file, "no checksum is known for " + fileName + ", so it cannot be verified");
        }
        checksum.verify(file);
    }

    @Override
    public String toString() {
        return "ChecksumTable" + byFileName;
    }
}
