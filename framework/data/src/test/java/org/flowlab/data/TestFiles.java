package org.flowlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Builds small, deliberately well- or ill-formed dataset files for tests. */
final class TestFiles {
    private TestFiles() {
    }

    static String sha256(Path file) {
        try {
            return digest("SHA-256", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String digest(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** IDX image file whose header says {@code declaredCount} images but which holds {@code pixelBytes} bytes of pixels. */
    static byte[] idxImages(int magic, int declaredCount, int rows, int columns, int pixelBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixelBytes);
        buffer.putInt(magic).putInt(declaredCount).putInt(rows).putInt(columns);
        for (int i = 0; i < pixelBytes; i++) {
            buffer.put((byte) (i * 7));
        }
        return buffer.array();
    }

    static byte[] idxImages(int count) {
        return idxImages(IdxReader.IMAGES_MAGIC, count, 28, 28, count * 28 * 28);
    }

    static byte[] idxLabelsWithMagic(int magic, int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(magic).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    static byte[] idxLabels(int... labels) {
        return idxLabelsWithMagic(IdxReader.LABELS_MAGIC, labels);
    }

    static byte[] gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies into a writable file: Files.copy would keep the shared data's read-only mode. */
    static Path copy(Path source, Path target) {
        try {
            return write(target, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the two test-split files of an MNIST-format folder and returns a provider that trusts exactly them. */
    static MnistProvider mnistWithTestFiles(Path root, byte[] imagesIdx, byte[] labelsIdx) {
        Path images = write(root.resolve("mnist").resolve(MnistProvider.TEST_IMAGES), gzip(imagesIdx));
        Path labels = write(root.resolve("mnist").resolve(MnistProvider.TEST_LABELS), gzip(labelsIdx));
        return MnistProvider.mnist().withChecksums(MnistProvider.MNIST_CHECKSUMS
                .with(MnistProvider.TEST_IMAGES, Checksum.sha256(sha256(images)))
                .with(MnistProvider.TEST_LABELS, Checksum.sha256(sha256(labels))));
    }
}
