package org.flowlab.engine.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes a batch of images (8-bit values in [N, C, H, W], C = 1 or 3) as one PNG grid. */
public final class SampleGrid {

    private static final int GAP = 2;

    private SampleGrid() {
    }

    /** A square-ish grid. */
    public static void write(INDArray pixels, Path png) throws IOException {
        write(pixels, png, (int) Math.ceil(Math.sqrt(pixels.size(0))));
    }

    /** Row by row, {@code columns} images per row (a class grid: one row per class). */
    public static void write(INDArray pixels, Path png, int columns) throws IOException {
        int n = (int) pixels.size(0);
        int channels = (int) pixels.size(1);
        int height = (int) pixels.size(2);
        int width = (int) pixels.size(3);
        int rows = (int) Math.ceil((double) n / columns);
        BufferedImage image = new BufferedImage(columns * (width + GAP) + GAP, rows * (height + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            int left = GAP + (i % columns) * (width + GAP);
            int top = GAP + (i / columns) * (height + GAP);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int r = value(pixels, i, 0, y, x);
                    int g = channels == 3 ? value(pixels, i, 1, y, x) : r;
                    int b = channels == 3 ? value(pixels, i, 2, y, x) : r;
                    image.setRGB(left + x, top + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static int value(INDArray pixels, int i, int c, int y, int x) {
        return Math.max(0, Math.min(255, (int) Math.round(pixels.getDouble(i, c, y, x))));
    }
}
