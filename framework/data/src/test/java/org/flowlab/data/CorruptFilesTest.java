package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files must be rejected with a message naming the file and the damage. */
class CorruptFilesTest {
    @TempDir
    Path root;

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path shared = SharedData.folder().resolve("mnist");
        Path folder = root.resolve("mnist");
        TestFiles.copy(shared.resolve(MnistProvider.TEST_IMAGES), folder.resolve(MnistProvider.TEST_IMAGES));
        Path labels = TestFiles.copy(shared.resolve(MnistProvider.TEST_LABELS), folder.resolve(MnistProvider.TEST_LABELS));
        flipByte(labels, 100);
        String actual = TestFiles.sha256(labels);

        assertThatThrownBy(() -> MnistProvider.mnist().load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")
                .hasMessageContaining(actual)
                .satisfies(e -> assertThat(((DatasetException) e).file()).isEqualTo(labels));
    }

    @Test
    void truncatedGzipIsRejectedEvenWithAMatchingChecksum() throws IOException {
        Path shared = SharedData.folder().resolve("mnist");
        Path folder = root.resolve("mnist");
        TestFiles.copy(shared.resolve(MnistProvider.TEST_LABELS), folder.resolve(MnistProvider.TEST_LABELS));
        Path images = TestFiles.copy(shared.resolve(MnistProvider.TEST_IMAGES), folder.resolve(MnistProvider.TEST_IMAGES));
        try (RandomAccessFile file = new RandomAccessFile(images.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        MnistProvider provider = MnistProvider.mnist().withChecksums(MnistProvider.MNIST_CHECKSUMS
                .with(MnistProvider.TEST_IMAGES, Checksum.sha256(TestFiles.sha256(images))));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("corrupt or truncated gzip");
    }

    @Test
    void idxWithFewerPixelsThanItsHeaderDeclaresIsTruncated() {
        byte[] shortImages = TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 3, 28, 28, 3 * 784 - 100);
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, shortImages, TestFiles.idxLabels(1, 2, 3));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(MnistProvider.TEST_IMAGES)
                .hasMessageContaining("truncated")
                .hasMessageContaining("2252 of those 2352 bytes");
    }

    @Test
    void realTestImagesCutShortAfterDecompressionAreTruncated() throws IOException {
        byte[] idx = TestFiles.gunzip(SharedData.folder().resolve("mnist").resolve(MnistProvider.TEST_IMAGES));
        byte[] labels = TestFiles.gunzip(SharedData.folder().resolve("mnist").resolve(MnistProvider.TEST_LABELS));
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, Arrays.copyOf(idx, idx.length - 784), labels);

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("10000 images of 28x28");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] images = TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 2, 28, 28, 3 * 784);
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, images, TestFiles.idxLabels(1, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("beyond the 1584 bytes");
    }

    @Test
    void wrongMagicNumberIsRejected() {
        byte[] images = TestFiles.idxImages(2049, 2, 28, 28, 2 * 784);
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, images, TestFiles.idxLabels(1, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(MnistProvider.TEST_IMAGES)
                .hasMessageContaining("magic number 2049, expected 2051");
    }

    @Test
    void wrongLabelMagicNumberIsRejected() {
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, TestFiles.idxImages(2),
                TestFiles.idxLabelsWithMagic(2051, 1, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(MnistProvider.TEST_LABELS)
                .hasMessageContaining("magic number 2051, expected 2049");
    }

    @Test
    void wrongImageSizeIsRejected() {
        byte[] images = TestFiles.idxImages(IdxReader.IMAGES_MAGIC, 2, 27, 28, 2 * 27 * 28);
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, images, TestFiles.idxLabels(1, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("27x28, expected 28x28");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, TestFiles.idxImages(3), TestFiles.idxLabels(1, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 3 images but")
                .hasMessageContaining(MnistProvider.TEST_LABELS)
                .hasMessageContaining("holds 2 labels");
    }

    @Test
    void labelsOutsideTheTenClassesAreRejected() {
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, TestFiles.idxImages(3), TestFiles.idxLabels(1, 10, 2));

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(MnistProvider.TEST_LABELS)
                .hasMessageContaining("label 10 at index 1 is outside 0..9");
    }

    @Test
    void wellFormedSmallFilesLoad() {
        MnistProvider provider = TestFiles.mnistWithTestFiles(root, TestFiles.idxImages(3), TestFiles.idxLabels(4, 5, 6));

        ImageDataset data = provider.load(Split.TEST, DataDirectory.of(root));

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.label(2)).isEqualTo(6);
        assertThat(data.pixel(0, 0, 0, 1)).isEqualTo(7);
    }

    @Test
    void truncatedCifarBatchIsRejected() throws IOException {
        Path folder = cifarFolderWithBatchOne();
        Path test = folder.resolve(Cifar10Provider.TEST_BATCH);
        TestFiles.copy(SharedData.folder().resolve(Cifar10Provider.FOLDER).resolve(Cifar10Provider.TEST_BATCH), test);
        try (RandomAccessFile file = new RandomAccessFile(test.toFile(), "rw")) {
            file.setLength(file.length() - 1000);
        }
        Cifar10Provider provider = trusting(test);

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(test.toString())
                .hasMessageContaining("not a multiple of the 3073-byte record size");
    }

    @Test
    void cifarBatchWithTooFewRecordsIsRejected() {
        Path folder = cifarFolderWithBatchOne();
        Path test = TestFiles.write(folder.resolve(Cifar10Provider.TEST_BATCH), new byte[3073 * 9999]);
        Cifar10Provider provider = trusting(test);

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 9999 records, expected 10000");
    }

    @Test
    void cifarLabelsOutsideTheTenClassesAreRejected() {
        Path folder = cifarFolderWithBatchOne();
        byte[] records = new byte[3073 * 10_000];
        records[3073 * 5] = 10;
        Path test = TestFiles.write(folder.resolve(Cifar10Provider.TEST_BATCH), records);
        Cifar10Provider provider = trusting(test);

        assertThatThrownBy(() -> provider.load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(test.toString())
                .hasMessageContaining("label 10 of record 5 is outside 0..9");
    }

    @Test
    void flippedCifarByteFailsTheChecksum() throws IOException {
        Path folder = cifarFolderWithBatchOne();
        Path test = TestFiles.copy(SharedData.folder().resolve(Cifar10Provider.FOLDER).resolve(Cifar10Provider.TEST_BATCH),
                folder.resolve(Cifar10Provider.TEST_BATCH));
        flipByte(test, 12345);

        assertThatThrownBy(() -> Cifar10Provider.standard().load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(test.toString())
                .hasMessageContaining("expected 8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b")
                .hasMessageContaining("actual " + TestFiles.sha256(test));
    }

    private Path cifarFolderWithBatchOne() {
        // Only existence matters for the TEST split, so an empty stand-in for batch 1 suffices.
        return TestFiles.write(root.resolve(Cifar10Provider.FOLDER).resolve("data_batch_1.bin"), new byte[0]).getParent();
    }

    private static Cifar10Provider trusting(Path testBatch) {
        return Cifar10Provider.standard().withChecksums(Cifar10Provider.CHECKSUMS
                .with(Cifar10Provider.TEST_BATCH, Checksum.sha256(TestFiles.sha256(testBatch))));
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0xFF);
        }
    }
}
