package org.flowlab.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches dataset files over HTTP(S). A file only ever appears under its final name after its
 * checksum has been verified, so an interrupted or tampered download can never be mistaken for data.
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    private final HttpClient client;

    public Downloader() {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build());
    }

    public Downloader(HttpClient client) {
        this.client = client;
    }

    /** Downloads {@code source}, verifies it against {@code expected} and atomically moves it to {@code target}. */
    public void download(URI source, Path target, Checksum expected) throws DatasetException {
        Path temp = downloadToTemp(source, target, expected);
        try {
            moveIntoPlace(temp, target);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Downloads {@code source} into a verified temporary file beside {@code target} (same file system,
     * so a later move is atomic). The caller owns the returned file and must delete it.
     */
    public Path downloadToTemp(URI source, Path target, Checksum expected) throws DatasetException {
        Path temp = createTemp(target);
        boolean kept = false;
        try {
            LOG.info("Downloading {} -> {}", source, target);
            // Bounds the wait for the response headers only; a large body may legitimately take longer.
            HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofMinutes(2)).GET().build();
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(temp,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
            if (response.statusCode() != 200) {
                throw new DatasetException(target, "download from " + source + " failed: HTTP " + response.statusCode());
            }
            String actual = FileHashes.compute(temp, expected.algorithm());
            if (!expected.matches(actual)) {
                throw new DatasetException(target, "download from " + source + " rejected: " + expected.mismatch(actual));
            }
            LOG.info("Downloaded {} ({} bytes, {} verified)", source, Files.size(temp), expected.algorithm());
            kept = true;
            return temp;
        } catch (IOException e) {
            throw new DatasetException(target, "download from " + source + " failed: " + e
                    + ". Without network access, fetch the file elsewhere and put it into " + target.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(target, "download from " + source + " was interrupted", e);
        } finally {
            if (!kept) {
                deleteQuietly(temp);
            }
        }
    }

    /** Verifies a temporary file and moves it to {@code target}; {@code origin} says where it came from for messages. */
    static void installVerified(Path temp, Path target, Checksum expected, String origin) throws IOException {
        String actual = FileHashes.compute(temp, expected.algorithm());
        if (!expected.matches(actual)) {
            throw new DatasetException(target, origin + " rejected: " + expected.mismatch(actual));
        }
        moveIntoPlace(temp, target);
    }

    static Path createTemp(Path target) {
        try {
            Files.createDirectories(target.getParent());
            // Hidden and suffixed so that a leftover from a killed process is never read as data.
            return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new DatasetException(target, "cannot create a temporary file in " + target.getParent() + ": " + e, e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some network file systems cannot rename atomically; the file is already verified, so a plain move is safe enough.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DatasetException(target, "cannot move the verified download " + temp + " into place: " + e, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary file {}: {}", file, e.toString());
        }
    }
}
