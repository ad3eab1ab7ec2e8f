package org.flowlab.runner.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads an {@code events.jsonl} for the store's readers: each valid event goes to the reader's handler, and
 * each line that is not JSON, or that the handler rejects ({@link StoreFormatException}), becomes a
 * {@link StoreDamage} naming the file, the line and what is wrong. An unreadable file is damage too. Never throws.
 */
final class EventFile {

    /** Applies one event; throws {@link StoreFormatException} when the event is not a valid record. */
    interface Handler {
        void apply(JsonNode event);
    }

    private EventFile() {
    }

    static void read(Path file, Handler handler, Consumer<StoreDamage> damaged) {
        try {
            for (JsonLines.Line line : JsonLines.readLines(file)) {
                if (line.json() == null) {
                    damaged.accept(new StoreDamage(file, line.number(), line.problem()));
                    continue;
                }
                try {
                    if (!line.json().isObject()) {
                        throw new StoreFormatException("is not an event object");
                    }
                    handler.apply(line.json());
                } catch (StoreFormatException e) {
                    damaged.accept(new StoreDamage(file, line.number(), describe(line.json()) + " " + e.getMessage()));
                }
            }
        } catch (RuntimeException e) { // unreadable file
            damaged.accept(new StoreDamage(file, 0, "cannot be read (" + e.getMessage() + ")"));
        }
    }

    private static String describe(JsonNode event) {
        String kind = event.path("event").asText("");
        return kind.isEmpty() ? "line" : "'" + kind + "' event";
    }
}
