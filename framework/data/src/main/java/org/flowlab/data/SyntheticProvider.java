package org.flowlab.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Small deterministic images of four shape classes (0 horizontal bar, 1 vertical bar, 2 blob,
 * 3 box outline) on a faint noisy background. Needs no files, so tests and smoke runs can train
 * a flow in seconds; a flow learns the structure quickly because each class has few degrees of freedom.
 */
public final class SyntheticProvider implements DatasetProvider {
    public static final int CLASSES = 4;
    public static final int DEFAULT_CHANNELS = 1;
    public static final int DEFAULT_SIDE = 8;
    public static final int DEFAULT_TRAIN_COUNT = 512;
    public static final int DEFAULT_TEST_COUNT = 128;
    public static final long DEFAULT_SEED = 1234L;

    private static final double BACKGROUND_NOISE = 0.06;

    private final int channels;
    private final int height;
    private final int width;
    private final int trainCount;
    private final int testCount;
    private final long seed;

    public SyntheticProvider() {
        this(DEFAULT_CHANNELS, DEFAULT_SIDE, DEFAULT_SIDE, DEFAULT_TRAIN_COUNT, DEFAULT_TEST_COUNT, DEFAULT_SEED);
    }

    public SyntheticProvider(int channels, int height, int width, int trainCount, int testCount, long seed) {
        if (channels < 1 || height < 4 || width < 4) {
            throw new IllegalArgumentException("synthetic images need >= 1 channel and >= 4x4 pixels, got "
                    + channels + "x" + height + "x" + width);
        }
        if (trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException("image counts must be positive, got train " + trainCount + ", test " + testCount);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.trainCount = trainCount;
        this.testCount = testCount;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "Synthetic bars/blobs/boxes, " + channels + "x" + height + "x" + width + ", " + trainCount + " train / "
                + testCount + " test, " + CLASSES + " classes, seed " + seed + "; no files needed";
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int classes() {
        return CLASSES;
    }

    /** @param dir ignored (may be null): the images are generated */
    @Override
    public ImageDataset load(Split split, DataDirectory dir) {
        Objects.requireNonNull(split, "split");
        int count = split == Split.TRAIN ? trainCount : testCount;
        // java.util.Random's sequence is fixed by its specification, so the data are identical on every JVM.
        Random random = new Random(seed * 31 + split.ordinal());
        int plane = height * width;
        byte[] pixels = new byte[count * channels * plane];
        int[] labels = new int[count];
        double[] shape = new double[plane];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASSES;
            drawShape(labels[i], shape, random);
            for (int c = 0; c < channels; c++) {
                double brightness = 0.75 + 0.25 * random.nextDouble();
                int offset = (i * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    double value = Math.max(shape[p] * brightness, BACKGROUND_NOISE * random.nextDouble());
                    pixels[offset + p] = (byte) Math.min(255, Math.round(255 * value));
                }
            }
        }
        return ImageDataset.wrap(name(), split, channels, height, width, pixels, labels);
    }

    private void drawShape(int label, double[] shape, Random random) {
        Arrays.fill(shape, 0);
        switch (label) {
            case 0 -> {
                int row = random.nextInt(height - 1);
                for (int x = 0; x < width; x++) {
                    shape[row * width + x] = 1;
                    shape[(row + 1) * width + x] = 1;
                }
            }
            case 1 -> {
                int col = random.nextInt(width - 1);
                for (int y = 0; y < height; y++) {
                    shape[y * width + col] = 1;
                    shape[y * width + col + 1] = 1;
                }
            }
            case 2 -> {
                double cy = 1 + random.nextDouble() * (height - 3);
                double cx = 1 + random.nextDouble() * (width - 3);
                double sigma = Math.max(height, width) / 6.0;
                // StrictMath: Math.exp may differ by an ulp between JVMs, which could flip a rounded pixel.
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
                        shape[y * width + x] = StrictMath.exp(-d2 / (2 * sigma * sigma));
                    }
                }
            }
            default -> {
                int size = 3 + random.nextInt(Math.min(height, width) - 2);
                int top = random.nextInt(height - size + 1);
                int left = random.nextInt(width - size + 1);
                for (int k = 0; k < size; k++) {
                    shape[top * width + left + k] = 1;
                    shape[(top + size - 1) * width + left + k] = 1;
                    shape[(top + k) * width + left] = 1;
                    shape[(top + k) * width + left + size - 1] = 1;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SyntheticProvider[" + description() + "]";
    }
}
