package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {
    @TempDir
    Path dir;

    @Test
    void verifiesAndCachesPerPathSizeAndModificationTime() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        Checksum hello = Checksum.sha256(TestFiles.sha256(file));
        hello.verify(file);
        long hashed = FileHashes.computations();

        hello.verify(file);
        assertThat(FileHashes.computations()).isEqualTo(hashed);

        Files.writeString(file, "hellO");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThatThrownBy(() -> hello.verify(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected " + hello.hex());
        assertThat(FileHashes.computations()).isEqualTo(hashed + 1);
    }

    @Test
    void knowsTheReadmeDigests() {
        assertThat(MnistProvider.MNIST_CHECKSUMS.expected(MnistProvider.TEST_LABELS))
                .hasToString("SHA-256:f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");
        assertThat(Cifar10Provider.CHECKSUMS.expected("batches.meta.txt").algorithm()).isEqualTo("SHA-256");
    }

    @Test
    void sharedFilesMatchTheEmbeddedDigests() {
        Path shared = SharedData.folder();
        Cifar10Provider.CHECKSUMS.verify(shared.resolve(Cifar10Provider.FOLDER).resolve("batches.meta.txt"));
        assertThat(Cifar10Provider.CHECKSUMS.expected("data_batch_1.bin"))
                .isEqualTo(Checksum.sha256("CEE916563C9F80D84E3CC88E17FDC0941787F1244F00A67874D45B261883ADA5"));
    }

    @Test
    void rejectsMalformedDigests() {
        assertThatThrownBy(() -> Checksum.sha256("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checksum.md5("z".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checksum("CRC32", "00000000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFileCannotBeVerified() throws Exception {
        Path file = Files.writeString(dir.resolve("stray.bin"), "x");
        assertThatThrownBy(() -> MnistProvider.MNIST_CHECKSUMS.verify(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("no checksum is known for stray.bin");
    }
}
