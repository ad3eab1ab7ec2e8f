package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageDatasetTest {
    // 3 images of 2 channels x 2 x 3; pixel value = 12*image + 6*c + 3*y + x, plus 200 on the last image to cover unsigned bytes.
    private static ImageDataset sample() {
        byte[] pixels = new byte[3 * 2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i + (i >= 24 ? 200 : 0));
        }
        return new ImageDataset("toy", Split.TRAIN, 2, 2, 3, pixels, new int[] {4, 0, 9});
    }

    @Test
    void exposesShapeLabelsAndUnsignedPixels() {
        ImageDataset data = sample();
        assertThat(data.name()).isEqualTo("toy");
        assertThat(data.split()).isEqualTo(Split.TRAIN);
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.channels()).isEqualTo(2);
        assertThat(data.height()).isEqualTo(2);
        assertThat(data.width()).isEqualTo(3);
        assertThat(data.label(2)).isEqualTo(9);
        assertThat(data.pixel(0, 1, 1, 2)).isEqualTo(11);
        assertThat(data.pixel(2, 1, 1, 2)).isEqualTo(235);
        assertThatThrownBy(() -> data.pixel(0, 2, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> data.label(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesItsInputs() {
        byte[] pixels = new byte[4];
        int[] labels = {1};
        ImageDataset data = new ImageDataset("toy", Split.TEST, 1, 2, 2, pixels, labels);
        pixels[0] = 99;
        labels[0] = 7;
        assertThat(data.pixel(0, 0, 0, 0)).isZero();
        assertThat(data.label(0)).isEqualTo(1);
    }

    @Test
    void validatesSizes() {
        assertThatThrownBy(() -> new ImageDataset("toy", Split.TEST, 1, 2, 2, new byte[5], new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4 pixel bytes, got 5");
        assertThatThrownBy(() -> new ImageDataset("toy", Split.TEST, 0, 2, 2, new byte[0], new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageDataset("toy", Split.TEST, 1, 2, 2, new byte[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageDataset("toy", Split.TEST, 1, 1, 1, new byte[1], new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageDataset(" ", Split.TEST, 1, 1, 1, new byte[1], new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subsetKeepsTheFirstImages() {
        ImageDataset subset = sample().subset(2);
        assertThat(subset.size()).isEqualTo(2);
        assertThat(subset.label(1)).isZero();
        assertThat(subset.pixel(1, 1, 1, 2)).isEqualTo(23);
        assertThat(sample().subset(3).size()).isEqualTo(3);
        assertThatThrownBy(() -> sample().subset(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 3");
        assertThatThrownBy(() -> sample().subset(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchIsFloatNchwInTheRequestedOrder() {
        ImageDataset data = sample();
        INDArray batch = data.batch(new int[] {2, 0});
        assertThat(batch.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(batch.shape()).containsExactly(2, 2, 2, 3);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertThat(batch.getFloat(0, c, y, x)).isEqualTo(data.pixel(2, c, y, x));
                    assertThat(batch.getFloat(1, c, y, x)).isEqualTo(data.pixel(0, c, y, x));
                }
            }
        }
        assertThat(batch.maxNumber().floatValue()).isEqualTo(235f);
        assertThatThrownBy(() -> data.batch(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> data.batch(new int[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
