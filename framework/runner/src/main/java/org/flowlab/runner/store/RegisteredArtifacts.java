package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files an attempt (or a sweep) registered, with the size each had when it was registered, and whether
 * each is still what was registered: present, of the recorded size, JSON if {@code .json}. A file registered
 * again (rewritten, then registered anew) counts with its latest registration.
 */
final class RegisteredArtifacts {

    private final Map<StoredArtifact, Long> sizes = new LinkedHashMap<>();

    /** Reads an {@code artifact} event; throws {@link StoreFormatException} when it is not a valid one. */
    void add(Path folder, JsonNode event) {
        StoredArtifact artifact = RunStore.artifact(folder, event);
        sizes.put(artifact, event.has("bytes") ? StoreJson.integer(event, "bytes") : -1L);
    }

    void clear() {
        sizes.clear();
    }

    List<StoredArtifact> list() {
        return new ArrayList<>(sizes.keySet());
    }

    /** The first registered file that is not what was registered; null when all are. */
    StoreDamage firstProblem() {
        for (Map.Entry<StoredArtifact, Long> e : sizes.entrySet()) {
            StoreDamage problem = problem(e.getKey().file(), e.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** @param recordedSize the size written with the artifact event; negative when an older store did not record it */
    private static StoreDamage problem(Path file, long recordedSize) {
        if (!Files.isRegularFile(file)) {
            return new StoreDamage(file, 0, Files.exists(file) ? "is not a file" : "is missing (registered as an artifact)");
        }
        if (file.getFileName().toString().endsWith(".json")) { // first: "not valid JSON" says more than a size
            try {
                StoreJson.readJsonObject(file);
            } catch (StoreFormatException e) {
                return new StoreDamage(file, 0, e.getMessage());
            } catch (UncheckedIOException e) {
                return new StoreDamage(file, 0, "cannot be read (" + e.getCause() + ")");
            }
        }
        try {
            long size = Files.size(file);
            if (recordedSize >= 0 && size != recordedSize) {
                return new StoreDamage(file, 0, "has " + size + " bytes, the store recorded " + recordedSize);
            }
        } catch (IOException e) {
            return new StoreDamage(file, 0, "cannot be read (" + e + ")");
        }
        return null;
    }
}
