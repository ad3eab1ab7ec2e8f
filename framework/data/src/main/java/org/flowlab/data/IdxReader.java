package org.flowlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzip-compressed IDX files (MNIST layout): big-endian int header, then unsigned bytes.
 * Every size is checked exactly, because a short read would otherwise silently yield black images.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    record Images(int count, int rows, int columns, byte[] pixels) {
    }

    private IdxReader() {
    }

    static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            ByteBuffer header = ByteBuffer.wrap(readExactly(in, file, 16, "the 16-byte image header"));
            int magic = header.getInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file, "not an IDX image file: magic number " + magic
                        + ", expected " + IMAGES_MAGIC + " (0x00000803)");
            }
            int count = header.getInt();
            int rows = header.getInt();
            int columns = header.getInt();
            if (count <= 0 || rows <= 0 || columns <= 0) {
                throw new DatasetException(file, "header declares " + count + " images of " + rows + "x" + columns
                        + "; all three must be positive");
            }
            long bytes = (long) count * rows * columns;
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file, "header declares " + count + " images of " + rows + "x" + columns
                        + ", too large to be a real IDX file");
            }
            byte[] pixels = readExactly(in, file, (int) bytes,
                    count + " images of " + rows + "x" + columns + " pixels (" + bytes + " bytes after the header)");
            requireEnd(in, file, 16 + bytes);
            return new Images(count, rows, columns, pixels);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** @return labels, each checked to lie in 0..numClasses-1 */
    static int[] readLabels(Path file, int numClasses) {
        try (InputStream in = open(file)) {
            ByteBuffer header = ByteBuffer.wrap(readExactly(in, file, 8, "the 8-byte label header"));
            int magic = header.getInt();
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file, "not an IDX label file: magic number " + magic
                        + ", expected " + LABELS_MAGIC + " (0x00000801)");
            }
            int count = header.getInt();
            if (count <= 0 || count > Integer.MAX_VALUE - 8) {
                throw new DatasetException(file, "header declares " + count + " labels");
            }
            byte[] raw = readExactly(in, file, count, count + " labels (" + count + " bytes after the header)");
            requireEnd(in, file, 8L + count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= numClasses) {
                    throw new DatasetException(file, "label " + labels[i] + " at index " + i
                            + " is outside 0.." + (numClasses - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
    }

    // readNBytes returns short only at a clean end of the decompressed data; a cut-off gzip
    // stream throws instead, so the two kinds of damage get different messages.
    private static byte[] readExactly(InputStream in, Path file, int length, String what) throws IOException {
        byte[] data = new byte[length];
        int read = in.readNBytes(data, 0, length);
        if (read != length) {
            throw new DatasetException(file, "truncated: expected " + what + ", but the decompressed data ends after "
                    + read + " of those " + length + " bytes");
        }
        return data;
    }

    private static void requireEnd(InputStream in, Path file, long expectedLength) throws IOException {
        // Reading to the end also makes GZIPInputStream check the CRC in the gzip trailer.
        if (in.read() != -1) {
            throw new DatasetException(file, "has data beyond the " + expectedLength
                    + " bytes its header declares; not a well-formed IDX file");
        }
    }

    private static DatasetException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file, "file is missing", e);
        }
        return new DatasetException(file, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
    }
}
