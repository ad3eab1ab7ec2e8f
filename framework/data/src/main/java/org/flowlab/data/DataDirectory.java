package org.flowlab.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The root folder under which each dataset has its own sub-folder
 * ({@code mnist/}, {@code fashion-mnist/}, {@code cifar-10-batches-bin/}).
 */
public final class DataDirectory {
    public static final String ENV_VAR = "FLOWLAB_DATA_DIR";

    private final Path root;
    private final String origin;

    private DataDirectory(Path root, String origin) {
        this.root = root.toAbsolutePath().normalize();
        this.origin = origin;
    }

    /** Precedence: explicit option, then env {@value #ENV_VAR}, then {@code ~/.flowlab/data}. */
    public static DataDirectory resolve(String explicitPathOrNull) {
        return resolve(explicitPathOrNull, System.getenv(ENV_VAR), System.getProperty("user.home"));
    }

    // The environment cannot be changed from a test, so the lookup takes it as arguments.
    static DataDirectory resolve(String explicitPath, String envPath, String userHome) {
        if (!isBlank(explicitPath)) {
            return new DataDirectory(expandHome(explicitPath.trim(), userHome), "explicit option");
        }
        if (!isBlank(envPath)) {
            return new DataDirectory(expandHome(envPath.trim(), userHome), "environment variable " + ENV_VAR);
        }
        return new DataDirectory(Path.of(userHome, ".flowlab", "data"), "default ~/.flowlab/data");
    }

    public static DataDirectory of(Path root) {
        return new DataDirectory(Objects.requireNonNull(root, "root"), "given path");
    }

    public Path root() {
        return root;
    }

    /** @param datasetFolderName a plain folder name such as {@code mnist}; never a path */
    public Path datasetDir(String datasetFolderName) {
        if (isBlank(datasetFolderName) || datasetFolderName.contains("/") || datasetFolderName.contains("\\")
                || datasetFolderName.equals(".") || datasetFolderName.equals("..")) {
            throw new IllegalArgumentException("Not a plain folder name: '" + datasetFolderName + "'");
        }
        return root.resolve(datasetFolderName);
    }

    /** How the root was chosen, for messages that must tell the user where files are expected. */
    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataDirectory other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return root + " (" + origin + ")";
    }

    // A quoted "~/data" in an env var or config file reaches us unexpanded by the shell.
    private static Path expandHome(String path, String userHome) {
        if (userHome != null && (path.equals("~") || path.startsWith("~/"))) {
            return Path.of(userHome + path.substring(1));
        }
        return Path.of(path);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
