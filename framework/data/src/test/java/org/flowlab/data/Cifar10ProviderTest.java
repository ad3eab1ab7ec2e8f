package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real CIFAR-10 batches from the shared data folder. */
class Cifar10ProviderTest {

    @Test
    void testSplitHasKnownShapeLabelsAndPixels() {
        ImageDataset test = Cifar10Provider.standard().load(Split.TEST, SharedData.directory());

        assertShape(test, Split.TEST, 10_000);
        assertThat(MnistProviderTest.histogram(test)).containsOnly(1000);
        assertThat(test.label(0)).isEqualTo(3);
        assertThat(firstPixels(test, 0, 0)).containsExactly(158, 159, 165, 166);
        assertThat(firstPixels(test, 0, 1)).containsExactly(112, 111, 116, 118);
        assertThat(firstPixels(test, 0, 2)).containsExactly(49, 47, 51, 53);
        assertThat(test.label(9999)).isEqualTo(7);
        assertThat(test.pixel(9999, 2, 31, 31)).isEqualTo(26);
    }

    @Test
    void trainSplitUsesThePresentBatch() {
        ImageDataset train = Cifar10Provider.standard().load(Split.TRAIN, SharedData.directory());

        assertShape(train, Split.TRAIN, 10_000);
        assertThat(MnistProviderTest.histogram(train)).containsExactly(1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981);
        assertThat(train.label(0)).isEqualTo(6);
        assertThat(firstPixels(train, 0, 0)).containsExactly(59, 43, 50, 68);
        assertThat(firstPixels(train, 0, 1)).containsExactly(62, 46, 48, 54);
        assertThat(firstPixels(train, 0, 2)).containsExactly(63, 45, 43, 42);
        assertThat(train.pixel(9999, 2, 31, 31)).isEqualTo(131);
    }

    @Test
    void trainSplitConcatenatesEveryPresentBatch(@TempDir Path temp) throws Exception {
        Path shared = SharedData.folder().resolve(Cifar10Provider.FOLDER);
        Path folder = Files.createDirectories(temp.resolve(Cifar10Provider.FOLDER));
        Files.createSymbolicLink(folder.resolve("test_batch.bin"), shared.resolve("test_batch.bin"));
        Files.createSymbolicLink(folder.resolve("data_batch_1.bin"), shared.resolve("data_batch_1.bin"));
        // Batch 3 stands in for a real one; batch 2 is absent, which must not stop batch 3 from being used.
        Files.createSymbolicLink(folder.resolve("data_batch_3.bin"), shared.resolve("data_batch_1.bin"));
        Cifar10Provider provider = Cifar10Provider.standard().withChecksums(Cifar10Provider.CHECKSUMS
                .with("data_batch_3.bin", Cifar10Provider.CHECKSUMS.expected("data_batch_1.bin")));

        ImageDataset train = provider.load(Split.TRAIN, DataDirectory.of(temp));

        assertShape(train, Split.TRAIN, 20_000);
        assertThat(train.label(10_000)).isEqualTo(6);
        assertThat(firstPixels(train, 10_000, 0)).containsExactly(59, 43, 50, 68);
        assertThat(train.pixel(19_999, 2, 31, 31)).isEqualTo(131);
    }

    private static void assertShape(ImageDataset data, Split split, int size) {
        assertThat(data.name()).isEqualTo("cifar10");
        assertThat(data.split()).isEqualTo(split);
        assertThat(data.size()).isEqualTo(size);
        assertThat(data.channels()).isEqualTo(3);
        assertThat(data.height()).isEqualTo(32);
        assertThat(data.width()).isEqualTo(32);
    }

    private static int[] firstPixels(ImageDataset data, int image, int channel) {
        return new int[] {data.pixel(image, channel, 0, 0), data.pixel(image, channel, 0, 1),
                data.pixel(image, channel, 0, 2), data.pixel(image, channel, 0, 3)};
    }
}
