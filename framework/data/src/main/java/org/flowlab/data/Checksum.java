package org.flowlab.data;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A published digest of one file. SHA-256 wherever one is known; SHA-1 and MD5 exist only
 * because some upstream files (CIFAR-10 batches 2..5, the CIFAR-10 archive) have no published SHA-256.
 */
public record Checksum(String algorithm, String hex) {
    private static final Map<String, Integer> HEX_LENGTHS = Map.of("SHA-256", 64, "SHA-1", 40, "MD5", 32);

    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.toLowerCase(Locale.ROOT);
        Integer length = HEX_LENGTHS.get(algorithm);
        if (length == null) {
            throw new IllegalArgumentException("Unsupported checksum algorithm " + algorithm + "; use one of " + HEX_LENGTHS.keySet());
        }
        if (hex.length() != length || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException(algorithm + " digest must be " + length + " hex digits, got '" + hex + "'");
        }
    }

    public static Checksum sha256(String hex) {
        return new Checksum("SHA-256", hex);
    }

    public static Checksum sha1(String hex) {
        return new Checksum("SHA-1", hex);
    }

    public static Checksum md5(String hex) {
        return new Checksum("MD5", hex);
    }

    /** Checks a file in place (hash cached per path, size and mtime). */
    public void verify(Path file) throws DatasetException {
        String actual;
        try {
            actual = FileHashes.cached(file, algorithm);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "file is missing", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read file to verify its " + algorithm + " checksum: " + e, e);
        }
        if (!matches(actual)) {
            throw new DatasetException(file, mismatch(actual)
                    + ". The file is damaged or not the published version; delete it and fetch it again.");
        }
    }

    boolean matches(String actualHex) {
        return hex.equalsIgnoreCase(actualHex);
    }

    String mismatch(String actualHex) {
        return algorithm + " checksum mismatch: expected " + hex + ", actual " + actualHex;
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
