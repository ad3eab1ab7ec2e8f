package org.flowlab.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the real datasets: {@code FLOWLAB_TEST_DATA}, else {@code ../shared/data} beside the
 * project root (surefire passes the root as {@code flowlab.projectRoot}) or beside any folder above it.
 * Data tests are skipped, saying so, only where that folder is absent.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Optional<Path> find() {
        String override = System.getenv("FLOWLAB_TEST_DATA");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isDirectory);
        }
        Path start = Path.of(System.getProperty("flowlab.projectRoot", ".")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("mnist"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The shared data folder, or a skipped test that says where it looked. */
    public static Path require() {
        Optional<Path> found = find();
        Assumptions.assumeTrue(found.isPresent(), "shared data folder absent (looked for ../shared/data above "
                + System.getProperty("flowlab.projectRoot", ".") + " and FLOWLAB_TEST_DATA): skipping data test");
        return found.get();
    }
}
