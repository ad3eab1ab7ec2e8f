package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowlab bench} on the synthetic set: the figures BENCHMARKS.md quotes are all printed and sane. */
class BenchCommandTest {

    @TempDir
    Path folder;

    @Test
    void printsSpeedMemoryAndWithProfileWhereTheStepTimeGoes() throws Exception {
        Path file = Files.writeString(folder.resolve("tiny.yaml"), """
                name: tiny
                dataset: {name: synthetic, trainSize: 64, testSize: 32}
                model: {levels: 2, depth: 1, hidden: 8}
                train: {batchSize: 16, evalEvery: 1000, evalBatchSize: 32}
                """);
        Cli.Result result = Cli.run("bench", file.toString(), "--steps", "3", "--warmup", "1", "--threads", "1", "--profile");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("flowlab bench: " + file, "synthetic, L=2, K=1, hidden 8, batch 16",
                "steps                 1 warm-up + 3 measured", "train images/s", "sampling images/s", "peak heap",
                "peak resident", "sampling              compiled plan: ");
        Matcher summary = Pattern.compile("(\\d+) ops per step: ([\\d.]+) ms in ops, ([\\d.]+) ms between ops").matcher(result.out());
        assertThat(summary.find()).as(result.out()).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).isGreaterThan(50);
        assertThat(Double.parseDouble(summary.group(2))).isPositive();
        // The coupling networks' convolutions and their gradients are among the timed op types.
        for (String op : List.of("conv2d ", "conv2d_bp ")) {
            assertThat(result.out()).containsPattern("\\n    " + op + " +[\\d.]+ ms/step +\\d+ calls/step");
        }
    }
}
