package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flowlab.runner.store.RunStore;
import org.flowlab.runner.store.StoredTrial;
import org.flowlab.runner.store.TrialStatus;

/** A sweep small enough to train in seconds (synthetic data), and how two stores of it are compared. */
final class TinySweep {

    private TinySweep() {
    }

    static Path write(Path folder, String name, int trials, int steps, String extra) throws IOException {
        String seeds = String.join(", ", java.util.stream.IntStream.rangeClosed(1, trials / 2)
                .mapToObj(Integer::toString).toList());
        return Files.writeString(folder.resolve(name + ".yaml"), """
                name: %s
                dataset: {name: synthetic, trainSize: 64, testSize: 32}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {steps: %d, batchSize: 16, warmupSteps: 2, evalEvery: 2, evalBatchSize: 32}
                sweep:
                  model.permutation: [reverse, conv1x1-lu]
                  seeds: [%s]
                %s""".formatted(name, steps, seeds, extra));
    }

    /**
     * A one-trial MNIST sweep whose data exist only in the driver's folder {@code FOLDER/driver-data} (a copy of
     * the shared MNIST files): the workers can train it only with --ship-data. Skips the test where the shared data
     * folder is absent.
     */
    static Path writeWithMnistOnTheDriverOnly(Path folder, String name, String extra) throws IOException {
        Path shared = Path.of(System.getenv().getOrDefault("FLOWLAB_DATA_DIR", "../../../shared/data"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared.resolve("mnist")),
                "no MNIST under " + shared + " (the shared data folder beside the project)");
        Path data = Files.createDirectories(folder.resolve("driver-data/mnist"));
        try (var files = Files.list(shared.resolve("mnist"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        return Files.writeString(folder.resolve(name + ".yaml"), """
                name: %s
                dataset: {name: mnist, trainSize: 64, testSize: 32, dataDir: %s}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {steps: 2, batchSize: 16, warmupSteps: 2, evalEvery: 2, evalBatchSize: 32}
                %s""".formatted(name, folder.resolve("driver-data"), extra));
    }

    /**
     * run name → every metric point as "name@step=value", in store order; throughput (images per second) is a
     * measurement of the machine, not of the trial, and is left out.
     */
    static Map<String, List<String>> curves(Path store, String experiment) {
        return RunStore.open(store).trials(experiment).stream().collect(Collectors.toMap(
                t -> t.info().runName(),
                t -> t.metrics().stream().filter(p -> !p.name().contains("per_sec")).map(p -> p.name() + "@" + p.step() + "=" + p.value()).toList(),
                (a, b) -> a, TreeMap::new));
    }

    static Map<String, Double> finalTestBpd(Path store, String experiment) {
        return RunStore.open(store).trials(experiment).stream()
                .collect(Collectors.toMap(t -> t.info().runName(), t -> t.outcome().finalTestBpd(), (a, b) -> a,
                        TreeMap::new));
    }

    static void assertComplete(Path store, String experiment, int trials, int steps) {
        List<StoredTrial> stored = RunStore.open(store).trials(experiment);
        assertThat(stored).hasSize(trials);
        for (StoredTrial trial : stored) {
            assertThat(trial.status()).as(trial.info().runName() + ": " + trial.failureReason())
                    .isEqualTo(TrialStatus.FINISHED);
            assertThat(trial.metric("train/bpd")).extracting(p -> p.step())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, steps).boxed().toList());
            assertThat(trial.artifacts()).allSatisfy(a -> assertThat(a.file()).isRegularFile());
            // The trial's own times (the worker's, for a Spark trial), not when its record was copied: its
            // points fall between its start and its end.
            var stamps = trial.metrics().stream().mapToLong(p -> p.timestampMillis()).summaryStatistics();
            assertThat(trial.startedAt()).as("start of " + trial.info().runName()).isLessThanOrEqualTo(stamps.getMin());
            assertThat(trial.endedAt()).as("end of " + trial.info().runName()).isGreaterThanOrEqualTo(stamps.getMax());
        }
    }
}
