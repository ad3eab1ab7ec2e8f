package org.flowlab.tracking.server;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an {@code mlflow} executable to start a local server with, in this order: {@code FLOWLAB_MLFLOW}
 * (an executable), {@code FLOWLAB_MLFLOW_VENV} (a venv), the project's own venv {@code .venv/mlflow} (made
 * by {@code scripts/mlflow-env.sh}, found by walking up from the working folder or from this jar), then
 * {@code mlflow} on the {@code PATH}. The pinned project venv comes before the PATH on purpose: it is the
 * version the tests run against.
 */
public final class MlflowExecutable {

    public static final String ENV_EXECUTABLE = "FLOWLAB_MLFLOW";
    public static final String ENV_VENV = "FLOWLAB_MLFLOW_VENV";
    public static final String PROJECT_VENV = ".venv/mlflow";
    public static final String ENV_SCRIPT = "scripts/mlflow-env.sh";

    private MlflowExecutable() {
    }

    public static Optional<Path> locate(Path workDir) {
        return locate(workDir, System.getenv());
    }

    public static Optional<Path> locate(Path workDir, Map<String, String> env) {
        return locate(workDir, env, codeLocation());
    }

    /** @param codeLocation where FlowLab's own classes are (a launcher run from outside the project finds its venv) */
    static Optional<Path> locate(Path workDir, Map<String, String> env, Optional<Path> codeLocation) {
        for (Path candidate : candidates(workDir, env, codeLocation)) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    static List<Path> candidates(Path workDir, Map<String, String> env, Optional<Path> codeLocation) {
        List<Path> candidates = new ArrayList<>();
        String explicit = env.get(ENV_EXECUTABLE);
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        }
        String venv = env.get(ENV_VENV);
        if (venv != null && !venv.isBlank()) {
            candidates.add(Path.of(venv, "bin", "mlflow"));
        }
        projectRoot(workDir).ifPresent(root -> candidates.add(root.resolve(PROJECT_VENV).resolve("bin/mlflow")));
        codeLocation.flatMap(MlflowExecutable::projectRoot)
                .ifPresent(root -> candidates.add(root.resolve(PROJECT_VENV).resolve("bin/mlflow")));
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "mlflow"));
            }
        }
        return candidates;
    }

    /** The nearest folder at or above {@code start} holding {@code scripts/mlflow-env.sh}. */
    public static Optional<Path> projectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ENV_SCRIPT))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = MlflowExecutable.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What to tell a user who has no mlflow. */
    public static String installHint() {
        return "no `mlflow` executable found. Install the project's pinned MLflow server with\n"
                + "    bash " + ENV_SCRIPT + "          (creates " + PROJECT_VENV + ", used automatically)\n"
                + "or  pip install mlflow==" + MlflowVersion.PINNED + "      (puts `mlflow` on your PATH)\n"
                + "or set " + ENV_EXECUTABLE + " to an mlflow executable.";
    }

    /**
     * The version of the mlflow package beside an executable in a virtual environment ({@code bin/mlflow} and
     * {@code lib/pythonX.Y/site-packages/mlflow-V.dist-info}), without starting Python; empty when not found.
     */
    public static Optional<String> installedVersion(Path executable) {
        Path venv = executable.toAbsolutePath().normalize().getParent();
        venv = venv == null ? null : venv.getParent();
        if (venv == null || !java.nio.file.Files.isDirectory(venv.resolve("lib"))) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<Path> found = java.nio.file.Files.find(venv.resolve("lib"), 3,
                (path, attributes) -> attributes.isDirectory()
                        && path.getFileName().toString().matches("mlflow-\\d[^-]*\\.dist-info"))) {
            return found.findFirst().map(p -> p.getFileName().toString())
                    .map(name -> name.substring("mlflow-".length(), name.length() - ".dist-info".length()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
