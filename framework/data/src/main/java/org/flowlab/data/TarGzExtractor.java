package org.flowlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Pulls selected members out of a .tar.gz. Targets are chosen by the caller from exact entry
 * names, never derived from them, so a hostile archive cannot write outside the dataset folder.
 */
final class TarGzExtractor {
    private TarGzExtractor() {
    }

    /**
     * @param targetsByEntry entry name inside the archive -> file to create
     * @param checksums      expected digest of each target, by target file name
     */
    static void extract(Path archive, Map<String, Path> targetsByEntry, ChecksumTable checksums) throws DatasetException {
        Set<String> remaining = new TreeSet<>(targetsByEntry.keySet());
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GZIPInputStream(new BufferedInputStream(file, 1 << 16), 1 << 16))) {
            for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null && !remaining.isEmpty(); ) {
                Path target = targetsByEntry.get(entry.getName());
                if (target == null || !entry.isFile()) {
                    continue;
                }
                Path temp = Downloader.createTemp(target);
                try {
                    Files.copy(tar, temp, StandardCopyOption.REPLACE_EXISTING);
                    Downloader.installVerified(temp, target,
                            checksums.expected(target.getFileName().toString()), "entry " + entry.getName() + " of " + archive);
                } finally {
                    Downloader.deleteQuietly(temp);
                }
                remaining.remove(entry.getName());
            }
        } catch (IOException e) {
            throw new DatasetException(archive, "cannot extract (corrupt or truncated archive?): " + e, e);
        }
        if (!remaining.isEmpty()) {
            throw new DatasetException(archive, "archive lacks the entries " + remaining);
        }
    }
}
