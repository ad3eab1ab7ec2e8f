package org.flowlab.runner.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Telling the user that a path meant as a folder (run store, data folder) is a file, before anything fails on it. */
public final class FolderPaths {

    private FolderPaths() {
    }

    /**
     * Why {@code path} cannot be a folder: it is a file, or lies inside one. Empty when it is a folder or can be
     * created as one (a missing path is fine: it is made on first use).
     */
    public static Optional<String> whyNotAFolder(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path p = absolute; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                return Optional.empty();
            }
            if (Files.exists(p)) {
                return Optional.of(p.equals(absolute) ? "is a file, not a folder"
                        : "lies inside " + p + ", which is a file, not a folder");
            }
        }
        return Optional.empty();
    }
}
