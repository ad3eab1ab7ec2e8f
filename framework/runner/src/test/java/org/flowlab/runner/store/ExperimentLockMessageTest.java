package org.flowlab.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store path that is a file is named as such, where "cannot lock .../.lock" alone said nothing of why. */
class ExperimentLockMessageTest {

    @TempDir
    Path folder;

    @Test
    void aStoreThatIsAFileSaysSo() throws Exception {
        Path file = Files.writeString(folder.resolve("runs"), "not a folder");
        assertThatThrownBy(() -> RunStore.open(file).lock("exp")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("the run store " + file + " is a file, not a folder (a run store is a folder; default: runs)");
    }

    @Test
    void anExperimentFolderThatIsAFileSaysSo() throws Exception {
        Path store = Files.createDirectories(folder.resolve("runs"));
        Files.writeString(store.resolve("exp"), "not a folder");
        assertThatThrownBy(() -> RunStore.open(store).lock("exp")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot lock " + store.resolve("exp/.lock") + ": " + store.resolve("exp") + " is a file, "
                        + "not a folder (the run store keeps one folder per experiment)");
    }

    @Test
    void whyNotAFolderAcceptsFoldersAndPathsStillToBeMade() throws Exception {
        Path file = Files.writeString(folder.resolve("f"), "x");
        assertThat(FolderPaths.whyNotAFolder(folder)).isEmpty();
        assertThat(FolderPaths.whyNotAFolder(folder.resolve("not/yet/made"))).isEmpty();
        assertThat(FolderPaths.whyNotAFolder(file)).contains("is a file, not a folder");
        assertThat(FolderPaths.whyNotAFolder(file.resolve("below"))).contains("lies inside " + file
                + ", which is a file, not a folder");
    }
}
