package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reads the real MNIST and Fashion-MNIST files from the shared data folder. */
class MnistProviderTest {

    @Test
    void mnistTestSplitHasKnownShapeLabelsAndPixels() {
        ImageDataset test = MnistProvider.mnist().load(Split.TEST, SharedData.directory());

        assertShape(test, "mnist", Split.TEST, 10_000);
        assertThat(histogram(test)).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(firstLabels(test, 5)).containsExactly(7, 2, 1, 0, 4);
        assertThat(row(test, 0, 14)).containsExactly(
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 59, 249, 254, 62, 0, 0, 0, 0, 0, 0, 0, 0);
        assertPixelRangeIsFullByte(test);
    }

    @Test
    void mnistTrainSplitHasKnownShapeLabelsAndPixels() {
        ImageDataset train = MnistProvider.mnist().load(Split.TRAIN, SharedData.directory());

        assertShape(train, "mnist", Split.TRAIN, 60_000);
        assertThat(histogram(train)).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(firstLabels(train, 5)).containsExactly(5, 0, 4, 1, 9);
        assertThat(row(train, 0, 14)).containsExactly(
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 81, 240, 253, 253, 119, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertPixelRangeIsFullByte(train);
    }

    @Test
    void fashionMnistTestSplitIsBalanced() {
        ImageDataset test = MnistProvider.fashionMnist().load(Split.TEST, SharedData.directory());

        assertShape(test, "fashion-mnist", Split.TEST, 10_000);
        assertThat(histogram(test)).containsOnly(1000);
        assertThat(firstLabels(test, 5)).containsExactly(9, 2, 1, 1, 6);
        assertThat(row(test, 0, 14)).containsExactly(
                0, 0, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0, 98, 136, 110, 109, 110, 162, 135, 144, 149, 159, 167, 144, 158, 169, 119, 0);
        assertPixelRangeIsFullByte(test);
    }

    @Test
    void fashionMnistTrainSplitIsBalanced() {
        ImageDataset train = MnistProvider.fashionMnist().load(Split.TRAIN, SharedData.directory());

        assertShape(train, "fashion-mnist", Split.TRAIN, 60_000);
        assertThat(histogram(train)).containsOnly(6000);
        assertThat(firstLabels(train, 5)).containsExactly(9, 0, 0, 3, 0);
        assertThat(row(train, 0, 14)).containsExactly(
                0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0);
    }

    @Test
    void repeatedLoadsDoNotHashAgain() {
        DataDirectory dir = SharedData.directory();
        MnistProvider.mnist().load(Split.TEST, dir);
        long hashedBefore = FileHashes.computations();

        MnistProvider.mnist().load(Split.TEST, dir);

        assertThat(FileHashes.computations()).isEqualTo(hashedBefore);
    }

    @Test
    void providerDescribesItsShape() {
        DatasetProvider mnist = Datasets.get("mnist");
        assertThat(mnist.channels()).isEqualTo(1);
        assertThat(mnist.height()).isEqualTo(28);
        assertThat(mnist.width()).isEqualTo(28);
        assertThat(mnist.description()).contains("MNIST");
    }

    static void assertShape(ImageDataset data, String name, Split split, int size) {
        assertThat(data.name()).isEqualTo(name);
        assertThat(data.split()).isEqualTo(split);
        assertThat(data.size()).isEqualTo(size);
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.height()).isEqualTo(28);
        assertThat(data.width()).isEqualTo(28);
    }

    static int[] histogram(ImageDataset data) {
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }

    private static int[] firstLabels(ImageDataset data, int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
        }
        return labels;
    }

    private static int[] row(ImageDataset data, int image, int y) {
        int[] values = new int[data.width()];
        for (int x = 0; x < values.length; x++) {
            values[x] = data.pixel(image, 0, y, x);
        }
        return values;
    }

    private static void assertPixelRangeIsFullByte(ImageDataset data) {
        int min = 255;
        int max = 0;
        for (int i = 0; i < data.size(); i++) {
            for (int y = 0; y < data.height(); y++) {
                for (int x = 0; x < data.width(); x++) {
                    int v = data.pixel(i, 0, y, x);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(255);
    }
}
