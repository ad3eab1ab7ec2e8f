package org.flowlab.runner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a file the store registered is still what was registered: present, of the recorded size, JSON if .json. */
final class ArtifactCheck {

    private ArtifactCheck() {
    }

    /** @param recordedSize the size written with the artifact event; negative when an older store did not record it */
    static StoreDamage problem(Path file, long recordedSize) {
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
