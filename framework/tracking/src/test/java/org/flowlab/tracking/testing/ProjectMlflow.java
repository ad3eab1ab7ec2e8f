package org.flowlab.tracking.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowlab.tracking.server.MlflowExecutable;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's pinned MLflow environment for the tests: {@code scripts/mlflow-env.sh} creates it once
 * (quick when it exists) and prints its bin folder. {@code FLOWLAB_MLFLOW_VENV} points the tests at another
 * venv. Without it, outside CI, the real-server tests are skipped with the reason; in CI ({@code CI=true})
 * a missing server is a failure, never a silent skip.
 */
public final class ProjectMlflow {

    private static Path bin;
    private static String problem;

    private ProjectMlflow() {
    }

    public static Path projectRoot() {
        String property = System.getProperty("flowlab.projectRoot");
        if (property != null && Files.isRegularFile(Path.of(property, MlflowExecutable.ENV_SCRIPT))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return MlflowExecutable.projectRoot(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("cannot find the project root (scripts/mlflow-env.sh)"));
    }

    /** The venv's bin folder (holding {@code mlflow} and {@code python}); skips or fails the test without it. */
    public static synchronized Path bin() {
        if (bin == null && problem == null) {
            resolve();
        }
        if (bin != null) {
            return bin;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI needs the pinned MLflow server: " + problem);
        }
        Assumptions.abort("no MLflow server environment, skipping the real-server tests: " + problem
                + " (run `bash scripts/mlflow-env.sh` once)");
        throw new AssertionError("unreachable");
    }

    public static Path mlflow() {
        return bin().resolve("mlflow");
    }

    public static Path python() {
        return bin().resolve("python");
    }

    private static void resolve() {
        String venv = System.getenv(MlflowExecutable.ENV_VENV);
        if (venv != null && !venv.isBlank()) {
            Path candidate = Path.of(venv, "bin");
            if (Files.isExecutable(candidate.resolve("mlflow"))) {
                bin = candidate;
            } else {
                problem = MlflowExecutable.ENV_VENV + "=" + venv + " has no bin/mlflow";
            }
            return;
        }
        Path root = projectRoot();
        try {
            Path log = Files.createTempFile("mlflow-env", ".log");
            Process process = new ProcessBuilder("bash", root.resolve(MlflowExecutable.ENV_SCRIPT).toString())
                    .directory(root.toFile()).redirectError(log.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                problem = "scripts/mlflow-env.sh did not finish in 15 minutes";
                return;
            }
            List<String> lines = out.lines().toList();
            Path candidate = lines.isEmpty() ? null : Path.of(lines.get(lines.size() - 1));
            if (process.exitValue() == 0 && candidate != null && Files.isExecutable(candidate.resolve("mlflow"))) {
                bin = candidate;
            } else {
                problem = "scripts/mlflow-env.sh exited " + process.exitValue() + ": " + Files.readString(log);
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            problem = "cannot run scripts/mlflow-env.sh: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
    }
}
