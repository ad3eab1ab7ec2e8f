package org.flowlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and mistaken input as a user gives it on the command line (issue 15, "bad input with poor messages"
 * and "an empty experiment file"): each ends in one clear message naming the file, the key and what is valid,
 * exit 2 for input (1 for the machine), and never a stack trace. Nothing here trains.
 */
class BadInputTest {

    private static final String RUNNABLE = """
            name: tiny
            dataset: {name: synthetic, trainSize: 64, testSize: 32}
            model: {levels: 1, depth: 1, hidden: 8}
            train: {steps: 2, batchSize: 16, evalEvery: 2}
            """;

    @TempDir
    Path folder;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    private static void assertNoStackTrace(Cli.Result result) {
        assertThat(result.err()).doesNotContain("\tat ", "Exception in thread", "StackOverflowError");
    }

    @Test
    void twentyThousandOpenBracketsAreANestingProblemNotAStackOverflow() throws IOException {
        Path file = file("brackets.yaml", "name: x\nsweep:\n  train.lr: " + "[".repeat(20_000) + "\n");
        for (String command : new String[] {"validate", "run"}) {
            Cli.Result result = Cli.run(command, file.toString(), "--store", folder.resolve("runs").toString());
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.err()).isEqualTo(file + ": 1 problem, nothing was run:\n  " + file + ":3: lists and maps "
                    + "are nested more than 50 deep here; an experiment file needs only a few levels (sweep → include → "
                    + "entry → value), so this is not an experiment file, or a bracket is not closed\n");
            assertNoStackTrace(result);
        }
    }

    @Test
    void threeThousandNestedMapsAreANestingProblem() throws IOException {
        Path file = file("maps.yaml", "name: y\ndataset: " + "{a: ".repeat(3000) + "1" + "}".repeat(3000) + "\n");
        Cli.Result result = Cli.run("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file + ":2: lists and maps are nested more than 50 deep here");
        assertNoStackTrace(result);
    }

    @Test
    void binaryJunkIsNotATextFile() throws IOException {
        Path png = Files.write(folder.resolve("picture.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0});
        Path latin1 = Files.write(folder.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});
        Cli.Result binary = Cli.run("run", png.toString());
        assertThat(binary.exitCode()).isEqualTo(2);
        assertThat(binary.err()).isEqualTo(png + ": 1 problem, nothing was run:\n  " + png + ": is not a text file: it "
                + "has a NUL byte at byte offset 6 (an experiment file is YAML text in UTF-8)\n");
        Cli.Result notUtf8 = Cli.run("validate", latin1.toString());
        assertThat(notUtf8.exitCode()).isEqualTo(2);
        assertThat(notUtf8.err()).contains(latin1 + ": is not a text file: not UTF-8 at byte offset 6")
                .doesNotContain("Input length");
    }

    @Test
    void aHugeStepCountIsTooLargeWithTheValidRange() throws IOException {
        Path file = file("steps.yaml", RUNNABLE.replace("steps: 2,", "steps: 1000000000000,"));
        Cli.Result result = Cli.run("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(file + ": 1 problem, nothing was run:\n  " + file + ":4: train.steps: is too "
                + "large: must be in [1, 2147483647], got 1000000000000\n");
    }

    @Test
    void aDataFolderThatIsAFileIsASettingToFixNotSomethingToDownloadInto() throws IOException {
        Path notAFolder = file("data.txt", "I am a file");
        Path file = file("mnist.yaml", "name: m\ndataset: {name: mnist, dataDir: " + notAFolder + "}\ntrain: {steps: 2}\n");
        String expected = file + ": dataset.dataDir = " + notAFolder + " (1 trial): " + notAFolder + " is a file, not a "
                + "folder; it must name the folder that holds mnist/ (as `flowlab download mnist --data-dir DIR` "
                + "creates it)\n";
        Cli.Result run = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(expected + "flowlab run: nothing was run\n");
        Cli.Result validate = Cli.run("validate", file.toString(), "--store", folder.resolve("runs").toString());
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(expected + file + ": not valid: the data folder above is not a folder\n");
        assertThat(Cli.run("run", file.toString(), "--set", "dataset.dataDir=" + notAFolder.resolve("inside"),
                "--store", folder.resolve("runs").toString()).err())
                .contains("lies inside " + notAFolder + ", which is a file, not a folder");
        Cli.Result download = Cli.run("download", "mnist", "--data-dir", notAFolder.toString());
        assertThat(download.exitCode()).isEqualTo(2);
        assertThat(download.err()).startsWith("flowlab download: the data folder " + notAFolder + " (explicit option) "
                + "is a file, not a folder\n");
    }

    @Test
    void aStoreThatIsAFileSaysSoInsteadOfCannotLock() throws IOException {
        Path file = file("tiny.yaml", RUNNABLE);
        Path store = file("runs", "a file where the store should be");
        for (String command : new String[] {"run", "validate"}) {
            Cli.Result result = Cli.run(command, file.toString(), "--store", store.toString());
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.err()).startsWith("flowlab " + command + ": --store " + store + " is a file, not a folder: "
                    + "the run store is a folder (default: runs), created on first use\n").doesNotContain("cannot lock");
        }
        Cli.Result sample = Cli.run("sample", "s1", "--store", store.toString());
        assertThat(sample.exitCode()).isEqualTo(2);
        assertThat(sample.err()).startsWith("flowlab sample: --store " + store + " is a file, not a folder");
    }

    @Test
    void anEmptyFileIsRefusedInsteadOfTrainingFullSizeMnist() throws IOException {
        Path empty = file("empty.yaml", "");
        String expected = empty + ": 1 problem, nothing was run:\n  " + empty + ": the file is empty: an experiment "
                + "file must give at least dataset.name (mnist, fashion-mnist, cifar10, synthetic) and train.steps or "
                + "train.epochs; experiments/quickstart.yaml is a small complete example\n";
        for (String command : new String[] {"validate", "run"}) {
            Cli.Result result = Cli.run(command, empty.toString(), "--store", folder.resolve("runs").toString());
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.err()).isEqualTo(expected);
            assertThat(result.out()).isEmpty();
        }
        Path modelOnly = file("model-only.yaml", "model: {depth: 2}\n");
        assertThat(Cli.run("validate", modelOnly.toString()).err()).contains(
                modelOnly + ": dataset.name: not given: say which images to train on",
                modelOnly + ": train: gives neither steps nor epochs: say how long each trial trains");
    }

    @Test
    void validateSaysHowMuchTrainingItWillRun() throws IOException {
        Path file = file("tiny.yaml", RUNNABLE + "sweep: {seeds: [1, 2, 3]}\n");
        Cli.Result result = Cli.run("validate", file.toString(), "--store", folder.resolve("runs").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("training: 3 trials × 2 steps of 16 images = 6 steps in all");
    }

    @Test
    void aTrackingUriThatAnswersButIsNotMlflowStopsTheRunInSeconds() throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body><h1>Not Found</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(404, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        web.start();
        try {
            String uri = "http://127.0.0.1:" + web.getAddress().getPort();
            Path file = file("tiny.yaml", RUNNABLE);
            long start = System.nanoTime();
            Cli.Result result = Cli.run("run", file.toString(), "--store", folder.resolve("runs").toString(),
                    "--tracking-uri", uri);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).startsWith("flowlab run: " + uri + " answers but is not an MLflow tracking server "
                    + "(GET /api/2.0/mlflow/experiments/search returned 404 text/html)");
            assertNoStackTrace(result);
            assertThat(folder.resolve("runs/tiny/trials")).doesNotExist();
        } finally {
            web.stop(0);
        }
    }

    @Test
    void aFullDiskSaysNoSpaceLeftWithoutDebugging() throws Exception {
        Path disk = Files.createDirectories(folder.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, "a tiny tmpfs cannot be mounted here (needs root and mount permission): " + why);
        try {
            try (OutputStream filler = Files.newOutputStream(disk.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    filler.write(block);
                    filler.flush();
                }
            } catch (IOException full) {
                assertThat(full.getMessage()).containsIgnoringCase("no space left");
            }
            Path file = file("tiny.yaml", RUNNABLE);
            Cli.Result result = Cli.run("run", file.toString(), "--store", disk.resolve("runs").toString());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.err()).contains("No space left on device", "the disk is full: free some space");
            assertNoStackTrace(result);
        } finally {
            Process umount = new ProcessBuilder("umount", disk.toString()).start();
            if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("the full disk could not be unmounted: something still holds a file on it");
            }
        }
    }

    @Test
    void anUnexpectedErrorShowsTheOperatingSystemsReasonOfItsCause() {
        String message = FailureMessage.of(new UncheckedIOException("cannot write runs/x/summary.csv",
                new IOException("No space left on device")));
        assertThat(message).isEqualTo("cannot write runs/x/summary.csv: No space left on device (the disk is full: free "
                + "some space (or pass --store DIR on another disk) and run the same command again; finished trials "
                + "are kept)");
        assertThat(FailureMessage.of(new UncheckedIOException("cannot read a: Permission denied",
                new java.nio.file.AccessDeniedException("a", null, "Permission denied"))))
                .isEqualTo("cannot read a: Permission denied");
        assertThat(FailureMessage.of(new IllegalStateException("plain"))).isEqualTo("plain");
    }
}
