package org.flowlab.data;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Immutable in-memory image set, pixels as unsigned bytes in NCHW order. */
public final class ImageDataset {
    private final String name;
    private final Split split;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;

    /** Copies both arrays, so the caller may reuse them. */
    public ImageDataset(String name, Split split, int channels, int height, int width, byte[] pixels, int[] labels) {
        this(Objects.requireNonNull(pixels, "pixels").clone(), Objects.requireNonNull(labels, "labels").clone(),
                name, split, channels, height, width);
    }

    // Loaders hand over freshly read arrays; copying 47 MB of MNIST again would only cost time and memory.
    private ImageDataset(byte[] ownedPixels, int[] ownedLabels, String name, Split split, int channels, int height,
                         int width) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        this.split = Objects.requireNonNull(split, "split");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("channels, height and width must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = Objects.requireNonNull(ownedPixels, "pixels");
        this.labels = Objects.requireNonNull(ownedLabels, "labels");
        if (ownedLabels.length == 0) {
            throw new IllegalArgumentException("a dataset must hold at least one image");
        }
        long expected = (long) ownedLabels.length * channels * height * width;
        if (ownedPixels.length != expected) {
            throw new IllegalArgumentException(ownedLabels.length + " labels of " + channels + "x" + height + "x" + width
                    + " images need " + expected + " pixel bytes, got " + ownedPixels.length);
        }
        for (int i = 0; i < ownedLabels.length; i++) {
            if (ownedLabels[i] < 0) {
                throw new IllegalArgumentException("label " + ownedLabels[i] + " of image " + i + " is negative");
            }
        }
    }

    /** Takes ownership of the arrays without copying; only for loaders that created them. */
    static ImageDataset wrap(String name, Split split, int channels, int height, int width, byte[] pixels, int[] labels) {
        return new ImageDataset(pixels, labels, name, split, channels, height, width);
    }

    public String name() {
        return name;
    }

    public Split split() {
        return split;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /** Labels of the given images, in the order given (what {@link #batch} returns pixels for). */
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = label(indices[k]);
        }
        return out;
    }

    /** @return the pixel value, 0..255 */
    public int pixel(int image, int c, int y, int x) {
        Objects.checkIndex(image, labels.length);
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return pixels[((image * channels + c) * height + y) * width + x] & 0xFF;
    }

    /** float32 INDArray [n, C, H, W] with values 0..255 for the given image indices. */
    public INDArray batch(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices must not be empty");
        }
        int perImage = channels * height * width;
        float[] out = new float[Math.multiplyExact(indices.length, perImage)];
        for (int k = 0; k < indices.length; k++) {
            int from = Objects.checkIndex(indices[k], labels.length) * perImage;
            int to = k * perImage;
            for (int j = 0; j < perImage; j++) {
                out[to + j] = pixels[from + j] & 0xFF;
            }
        }
        return Nd4j.create(out, new long[] {indices.length, channels, height, width}, 'c');
    }

    /** The first {@code count} images, for small runs. */
    public ImageDataset subset(int count) {
        if (count < 1 || count > labels.length) {
            throw new IllegalArgumentException("subset of " + count + " images requested from " + name + "/" + split
                    + " which holds " + labels.length + " (allowed: 1.." + labels.length + ")");
        }
        if (count == labels.length) {
            return this;
        }
        int perImage = channels * height * width;
        return new ImageDataset(Arrays.copyOf(pixels, count * perImage), Arrays.copyOf(labels, count),
                name, split, channels, height, width);
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + "/" + split + ", " + size() + "x" + channels + "x" + height + "x" + width + "]";
    }
}
