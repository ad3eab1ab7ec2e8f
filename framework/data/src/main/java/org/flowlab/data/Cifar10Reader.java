package org.flowlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one CIFAR-10 binary batch: 10000 records of a label byte followed by 1024 red,
 * 1024 green and 1024 blue bytes. The planes are already channel-major, i.e. NCHW per image,
 * so pixels are copied through unchanged.
 */
final class Cifar10Reader {
    static final int CHANNELS = 3;
    static final int SIDE = 32;
    static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    static final int RECORDS_PER_FILE = 10_000;
    static final int CLASSES = 10;

    record Batch(int[] labels, byte[] pixels) {
    }

    private Cifar10Reader() {
    }

    static Batch read(Path file) {
        try {
            long length = Files.size(file);
            if (length % RECORD_BYTES != 0) {
                throw new DatasetException(file, "length " + length + " bytes is not a multiple of the "
                        + RECORD_BYTES + "-byte record size; the file is truncated or not a CIFAR-10 binary batch");
            }
            if (length / RECORD_BYTES != RECORDS_PER_FILE) {
                throw new DatasetException(file, "holds " + length / RECORD_BYTES + " records, expected "
                        + RECORDS_PER_FILE + " (" + (long) RECORDS_PER_FILE * RECORD_BYTES + " bytes)");
            }
            int[] labels = new int[RECORDS_PER_FILE];
            byte[] pixels = new byte[RECORDS_PER_FILE * IMAGE_BYTES];
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                for (int i = 0; i < RECORDS_PER_FILE; i++) {
                    int label = in.read();
                    int read = label < 0 ? 0 : in.readNBytes(pixels, i * IMAGE_BYTES, IMAGE_BYTES);
                    if (read != IMAGE_BYTES) {
                        // Only possible if the file shrank between the size check and the read.
                        throw new DatasetException(file, "truncated while reading record " + i);
                    }
                    if (label >= CLASSES) {
                        throw new DatasetException(file, "label " + label + " of record " + i
                                + " is outside 0.." + (CLASSES - 1));
                    }
                    labels[i] = label;
                }
            }
            return new Batch(labels, pixels);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "file is missing", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e, e);
        }
    }
}
