package org.flowlab.tracking.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.TrialStatus;
import org.flowlab.tracking.mlflow.MlflowEndpoint;
import org.flowlab.tracking.mlflow.MlflowTracker;
import org.flowlab.tracking.mlflow.TrackingSettings;
import org.flowlab.tracking.testing.MlflowServerExtension;
import org.flowlab.tracking.testing.ProjectMlflow;
import org.flowlab.tracking.testing.SyntheticSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in {@code notebooks/} (with nbclient, in the project venv) against a server
 * that a sweep populated; any cell error fails the test.
 */
class NotebookTest {

    @RegisterExtension
    static final MlflowServerExtension MLFLOW = new MlflowServerExtension();

    @TempDir
    Path work;

    @Test
    void notebooksRunCleanlyAgainstASweep() throws IOException, InterruptedException {
        RunStore store = RunStore.open(work.resolve("runs"));
        MlflowTracker tracker = new MlflowTracker(MlflowEndpoint.of(MLFLOW.uri(), Map.of()), TrackingSettings.DEFAULTS,
                store, line -> { });
        try (SyntheticSweep sweep = new SyntheticSweep(store, tracker, "notebook-quickstart")) {
            for (String permutation : List.of("reverse", "conv1x1-lu")) {
                for (long seed = 1; seed <= 3; seed++) {
                    sweep.runTrial(sweep.trial(permutation, "affine", seed), 60, 20, false);
                }
            }
            sweep.runTrial(sweep.trial("shuffle", "additive", 1), 15, 5, true);
            sweep.end(TrialStatus.FAILED);
        }
        tracker.close();
        assertThat(tracker.undeliveredSweeps()).isEmpty();

        Path root = ProjectMlflow.projectRoot();
        Path figures = work.resolve("figures");
        Path executed = work.resolve("executed");
        ProcessBuilder builder = new ProcessBuilder(ProjectMlflow.python().toString(),
                root.resolve("notebooks/run_notebooks.py").toString(), "--out", executed.toString())
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("notebooks.log").toFile());
        builder.environment().put("MLFLOW_TRACKING_URI", MLFLOW.uri());
        builder.environment().put("FLOWLAB_EXPERIMENT", "notebook-quickstart");
        builder.environment().put("FLOWLAB_NOTEBOOK_OUTPUT", figures.toString());
        builder.environment().put("MPLBACKEND", "Agg");
        Process process = builder.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String log = Files.readString(work.resolve("notebooks.log"), StandardCharsets.UTF_8);
        assertThat(done).as("notebooks finished in time; log:\n%s", log).isTrue();
        assertThat(process.exitValue()).as("notebook run; log:\n%s", log).isZero();
        assertThat(log).contains("ok      sweep_report.ipynb");
        assertThat(figures.resolve("bpd_curves.png")).isNotEmptyFile();
        assertThat(figures.resolve("final_bpd.png")).isNotEmptyFile();
        assertThat(figures.resolve("sample_grids.png")).isNotEmptyFile();
        String report = Files.readString(executed.resolve("sweep_report.ipynb"));
        assertThat(report).contains("reverse/affine").contains("conv1x1-lu/affine").contains("non-finite loss");
        // Which permutation wins, with a seed-paired interval, on the final value and on the curve area.
        assertThat(report).contains("model.permutation — final test bits/dim:")
                .contains("model.permutation — area under the test curve:").containsPattern("95% CI \\[")
                .contains("of 3 seeds").contains("1 excluded (shuffle/additive/s1)");
        if (System.getProperty("flowlab.keepNotebookOutput") != null) {
            copy(figures, Path.of(System.getProperty("flowlab.keepNotebookOutput")));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
