package org.flowlab.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowlab.tracking.testing.ProjectMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowExecutableTest {

    @TempDir
    Path dir;

    /** As if FlowLab's classes were outside any project, so only the given folders count. */
    private static java.util.Optional<Path> locate(Path work, Map<String, String> env) {
        return MlflowExecutable.locate(work, env, java.util.Optional.empty());
    }

    private Path executable(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    @Test
    void explicitExecutableThenVenvThenProjectVenvThenPath() throws IOException {
        Path project = dir.resolve("project");
        executable(project.resolve("scripts/mlflow-env.sh"));
        Path projectMlflow = executable(project.resolve(".venv/mlflow/bin/mlflow"));
        Path onPath = executable(dir.resolve("usr/bin/mlflow"));
        Path venv = dir.resolve("venv");
        Path venvMlflow = executable(venv.resolve("bin/mlflow"));
        Path explicit = executable(dir.resolve("elsewhere/mlflow"));
        Path work = Files.createDirectories(project.resolve("experiments/deep"));

        assertThat(locate(work, Map.of("FLOWLAB_MLFLOW", explicit.toString(),
                "FLOWLAB_MLFLOW_VENV", venv.toString(), "PATH", onPath.getParent().toString()))).contains(explicit);
        assertThat(locate(work, Map.of("FLOWLAB_MLFLOW_VENV", venv.toString(),
                "PATH", onPath.getParent().toString()))).contains(venvMlflow);
        assertThat(locate(work, Map.of("PATH", onPath.getParent().toString()))).contains(projectMlflow);
        assertThat(locate(dir.resolve("usr"), Map.of("PATH", onPath.getParent().toString())))
                .contains(onPath);
    }

    @Test
    void nothingFoundGivesAnInstallHint() {
        assertThat(locate(dir, Map.of("PATH", dir.toString()))).isEmpty();
        assertThat(MlflowExecutable.installHint()).contains("bash scripts/mlflow-env.sh")
                .contains("pip install mlflow==" + MlflowVersion.PINNED);
    }

    @Test
    void thePinnedVersionIsTheOneTheProjectInstalls() throws IOException {
        Path root = ProjectMlflow.projectRoot();
        String requirements = Files.readString(root.resolve("notebooks/requirements.txt"));
        Matcher pin = Pattern.compile("(?m)^mlflow==(\\S+)").matcher(requirements);
        assertThat(pin.find()).as("notebooks/requirements.txt pins mlflow").isTrue();
        assertThat(pin.group(1)).isEqualTo(MlflowVersion.PINNED);
        assertThat(root.resolve(MlflowExecutable.ENV_SCRIPT)).isRegularFile();
    }
}
