package org.flowlab.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared datasets; tests that need them are skipped when they are absent. */
final class SharedData {
    private SharedData() {
    }

    /** {@code FLOWLAB_TEST_DATA}, else {@code <flowlab.projectRoot>/../shared/data}. */
    static Path folder() {
        Path folder = candidate();
        assumeTrue(Files.isDirectory(folder), "shared data folder absent at " + folder);
        return folder;
    }

    static DataDirectory directory() {
        return DataDirectory.of(folder());
    }

    private static Path candidate() {
        String override = System.getenv("FLOWLAB_TEST_DATA");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        Path root = Path.of(System.getProperty("flowlab.projectRoot", System.getProperty("user.dir"))).toAbsolutePath();
        Path first = root.resolve("../shared/data").normalize();
        // Maven sets the project root to the module folder when it is built on its own, so look upwards too.
        for (Path dir = root; dir != null; dir = dir.getParent()) {
            Path found = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(found)) {
                return found;
            }
        }
        return first;
    }
}
