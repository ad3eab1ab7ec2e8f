package org.flowlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared checks for dataset files on disk. */
final class DatasetFiles {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetFiles.class);

    private DatasetFiles() {
    }

    /**
     * Fails with a message that tells the user exactly what to fetch and where to put it,
     * since the usual cause is a fresh machine without the data.
     *
     * @param source where the file can be obtained, e.g. its URL or "inside archive URL"
     */
    static void requirePresent(Path file, String datasetName, String source, DataDirectory dir) {
        if (Files.isRegularFile(file)) {
            return;
        }
        String problem = Files.exists(file) ? "is not a regular file" : "file is missing";
        throw new DatasetException(file, problem + ". Put " + file.getFileName() + " into the folder " + file.getParent()
                + " (download: " + source + "), or fetch it with `flowlab download " + datasetName
                + "` (from Java: Datasets.download(\"" + datasetName + "\", dataDirectory)). Data root: " + dir + "; it is chosen by the explicit data-dir option, then the "
                + DataDirectory.ENV_VAR + " environment variable, then ~/.flowlab/data.");
    }

    /** Whether a download can skip this file; a damaged file is reported and then replaced. */
    static boolean isPresentAndValid(Path file, ChecksumTable checksums) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            checksums.verify(file);
            return true;
        } catch (DatasetException e) {
            LOG.warn("Will replace {}", e.getMessage());
            return false;
        }
    }
}
