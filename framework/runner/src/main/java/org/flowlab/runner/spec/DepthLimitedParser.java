package org.flowlab.runner.spec;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * snakeyaml-engine's parser with a limit on how deeply lists and maps may nest. The engine (2.7) has no such
 * setting ({@code LoadSettings} limits aliases and code points only), and its composer recurses once per level,
 * so {@code [[[[...} twenty thousand deep ends in a {@link StackOverflowError}. The parser itself is iterative:
 * counting its start and end events and stopping at the limit keeps the composer's recursion shallow.
 */
final class DepthLimitedParser implements Parser {

    /** Thrown at the first list or map that is deeper than the limit. */
    static final class TooDeep extends RuntimeException {
        private final transient Optional<Mark> mark;

        TooDeep(Optional<Mark> mark) {
            super(null, null, false, false);
            this.mark = mark;
        }

        Optional<Mark> mark() {
            return mark;
        }
    }

    private final Parser parser;
    private final int maxDepth;
    private int depth;

    DepthLimitedParser(LoadSettings settings, String text, int maxDepth) {
        this.parser = new ParserImpl(settings, new StreamReader(settings, text));
        this.maxDepth = maxDepth;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return parser.hasNext();
    }

    @Override
    public Event next() {
        Event event = parser.next();
        switch (event.getEventId()) {
            case SequenceStart, MappingStart -> {
                if (++depth > maxDepth) {
                    throw new TooDeep(event.getStartMark());
                }
            }
            case SequenceEnd, MappingEnd -> depth--;
            default -> { }
        }
        return event;
    }
}
