package org.flowlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hex digests of files. Results for files in place are remembered per path, size and
 * modification time, because a sweep loads the same 100 MB of data many times per process.
 */
final class FileHashes {
    private record Key(Path path, long size, long modifiedNanos, String algorithm) {
    }

    private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong COMPUTATIONS = new AtomicLong();

    private FileHashes() {
    }

    /** Digest of a file that stays in place, served from the cache while size and mtime are unchanged. */
    static String cached(Path file, String algorithm) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Key key = new Key(file.toAbsolutePath().normalize(), attrs.size(),
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), algorithm);
        String known = CACHE.get(key);
        if (known != null) {
            return known;
        }
        String hex = compute(file, algorithm);
        CACHE.put(key, hex);
        return hex;
    }

    /** Digest without caching, for temporary files that are about to move or vanish. */
    static String compute(Path file, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        COMPUTATIONS.incrementAndGet();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** How many files were actually hashed in this process; lets tests see the cache working. */
    static long computations() {
        return COMPUTATIONS.get();
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-256, SHA-1 and MD5.
            throw new IllegalStateException("JRE lacks " + algorithm, e);
        }
    }
}
