package org.flowlab.launcher.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark launcher with a {@code local[2]} master (Spark in this JVM, no cluster): the whole path — tasks,
 * results sent back, replay into the store — in seconds, on every run of the suite.
 */
class LocalMasterTest {

    @TempDir
    Path folder;

    @Test
    void aSparkRunLeavesTheStoreALocalRunLeaves() throws Exception {
        Path file = TinySweep.write(folder, "tiny", 4, 4, "");
        Path local = folder.resolve("local");
        Path spark = folder.resolve("spark");

        Cli.Result localRun = Cli.run("run", file.toString(), "--store", local.toString());
        Cli.Result sparkRun = Cli.run("run", file.toString(), "--store", spark.toString(),
                "--launcher", "spark", "--master", "local[2]");

        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        assertThat(sparkRun.exitCode()).as(sparkRun.err() + sparkRun.out()).isZero();
        assertThat(sparkRun.out()).contains("trials run on Spark (local[2]), 1 core(s) each",
                "4 trial(s) run, 0 skipped (already finished), 0 failed");
        TinySweep.assertComplete(spark, "tiny", 4, 4);
        assertThat(TinySweep.curves(spark, "tiny")).isEqualTo(TinySweep.curves(local, "tiny"));
        assertThat(TinySweep.finalTestBpd(spark, "tiny")).isEqualTo(TinySweep.finalTestBpd(local, "tiny"));

        Cli.Result again = Cli.run("run", file.toString(), "--store", spark.toString(),
                "--launcher", "spark", "--master", "local[2]");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("skipping 4 of 4 trials already finished", "0 trial(s) run, 4 skipped");
    }

    @Test
    void missingDataOnTheWorkerIsOneMessageNamingItTheFileAndTheFix() throws Exception {
        Path file = java.nio.file.Files.writeString(folder.resolve("nodata.yaml"), """
                name: nodata
                dataset: {name: mnist, trainSize: 64, testSize: 32, dataDir: %s}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {steps: 2, batchSize: 16, warmupSteps: 2, evalEvery: 2, evalBatchSize: 32}
                """.formatted(folder.resolve("no-such-data")));
        Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                "--launcher", "spark", "--master", "local[1]");

        assertThat(result.exitCode()).as(result.err() + result.out()).isEqualTo(1);
        assertThat(result.err()).contains("cannot read dataset mnist", "no-such-data",
                "fix: put the files where every worker reads them", "--ship-data");
    }

    @Test
    void shipDataSendsTheDriversDataToTheWorkers() throws Exception {
        Path file = TinySweep.writeWithMnistOnTheDriverOnly(folder, "ship", "");
        Path store = folder.resolve("runs");
        Cli.Result result = Cli.run("run", file.toString(), "--store", store.toString(),
                "--launcher", "spark", "--master", "local[1]", "--ship-data");

        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        assertThat(result.out()).contains("shipping " + folder.resolve("driver-data") + " to the workers");
        TinySweep.assertComplete(store, "ship", 1, 2);
        var trial = org.flowlab.runner.store.RunStore.open(store).trials("ship").get(0);
        String usedDir = org.flowlab.runner.store.StoreJson.readJson(trial.folder().resolve("provenance.json"))
                .path("launcher").path("dataDir").asText();
        assertThat(usedDir).isNotEmpty().isNotEqualTo(folder.resolve("driver-data").toString()).contains("flowlab-data-");
        // The driver's store keeps the trial's own dataDir: where a copy was read from is not part of the trial.
        assertThat(trial.folder().resolve("config.json")).content().contains(folder.resolve("driver-data").toString());
    }
}
