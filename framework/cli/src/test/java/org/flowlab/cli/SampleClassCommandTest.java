package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowlab sample TRIAL --class K} on what a class-conditional run left behind. */
class SampleClassCommandTest {

    @TempDir
    Path folder;

    @Test
    void samplesOneClassOfAConditionalTrialAndRefusesWhatItCannotSample() throws Exception {
        Path file = Files.writeString(folder.resolve("cond.yaml"), """
                name: cond
                dataset: {name: synthetic, trainSize: 64, testSize: 16}
                model: {levels: 1, depth: 1, hidden: 4}
                train: {steps: 2, batchSize: 16, evalBatchSize: 16}
                sweep:
                  model.conditioning: [none, class]
                """);
        String store = folder.resolve("runs").toString();
        Cli.Result run = Cli.run("run", file.toString(), "--store", store);
        assertThat(run.exitCode()).as(run.err()).isZero();

        Path out = folder.resolve("samples");
        Cli.Result sample = Cli.run("sample", "conditioning=class/s1", "--store", store, "--class", "3", "--temperatures", "0.7",
                "--count", "4", "--out", out.toString());
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        assertThat(sample.out()).contains("of class 3");
        assertThat(Files.list(out).toList()).singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).endsWith("_class3_T0.70_seed0.png"));

        Cli.Result outside = Cli.run("sample", "conditioning=class/s1", "--store", store, "--class", "4");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("--class 4: valid classes are 0..3 (synthetic)");

        Cli.Result unconditional = Cli.run("sample", "conditioning=none/s1", "--store", store, "--class", "1");
        assertThat(unconditional.exitCode()).isEqualTo(2);
        assertThat(unconditional.err()).contains("not class-conditional");
    }
}
