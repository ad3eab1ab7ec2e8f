package org.flowlab.runner.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML into {@link YamlNode}s that remember their lines, using snakeyaml-engine's node graph
 * (not its object constructor, which forgets where values came from). Scalars are typed with the YAML 1.2
 * core schema, so {@code 1e-3} is a number, {@code true} a boolean, {@code "5"} a string.
 *
 * <p>Hostile input ends in a problem, never in a crash: lists and maps may nest at most {@link #MAX_DEPTH} deep
 * (an experiment file needs about six), and a document may hold at most {@link #MAX_VALUES} values (aliases can
 * multiply a short file, and a recursive alias {@code &a [*a]} is endless), so every walk of the tree is bounded.
 */
public final class YamlLoader {

    /** Deepest nesting of lists and maps accepted; an experiment file needs about six levels. */
    public static final int MAX_DEPTH = 50;
    /** Most values (scalars, lists, maps) in one document, counting each use of an alias again. */
    public static final int MAX_VALUES = 100_000;

    private YamlLoader() {
    }

    /** Parses a whole document; an empty document is an empty map. Problems are added, never thrown. */
    public static Optional<YamlNode.Mapping> loadDocument(String text, String source, Problems problems) {
        Optional<YamlNode> root = load(text, source, true, problems);
        if (root.isEmpty()) {
            return problems.isEmpty() ? Optional.of(YamlNode.Mapping.empty(new Location(source, 1))) : Optional.empty();
        }
        if (root.get() instanceof YamlNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        problems.add(root.get().location(), "", "an experiment file must be a map of sections (name, dataset, model, "
                + "train, sweep), got " + root.get().describe());
        return Optional.empty();
    }

    /** Parses a value given on the command line ({@code --set k=v}); an empty value is an empty string. */
    public static Optional<YamlNode> loadValue(String text, String source, Problems problems) {
        if (text.isBlank()) {
            return Optional.of(new YamlNode.Scalar("", Location.of(source)));
        }
        return load(text, source, false, problems);
    }

    /** @param withLines false for a one-line command-line value, whose "line 1" would only confuse */
    private static Optional<YamlNode> load(String text, String source, boolean withLines, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).build();
        Optional<Node> node;
        try {
            node = new Composer(settings, new DepthLimitedParser(settings, text, MAX_DEPTH)).getSingleNode();
        } catch (DepthLimitedParser.TooDeep e) {
            problems.add(at(e.mark().orElse(null), source, withLines), "", tooDeep());
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.add(at(mark, source, withLines), "", "YAML syntax error: " + e.getProblem());
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(Location.of(source), "", "YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Conversion conversion = new Conversion(source, withLines, problems);
        YamlNode converted = conversion.convert(node.get(), "", 1);
        return conversion.stopped ? Optional.empty() : Optional.of(converted);
    }

    private static Location at(Mark mark, String source, boolean withLines) {
        return mark == null || !withLines ? Location.of(source) : new Location(source, mark.getLine() + 1);
    }

    private static String tooDeep() {
        return "lists and maps are nested more than " + MAX_DEPTH + " deep here; an experiment file needs only a few "
                + "levels (sweep → include → entry → value), so this is not an experiment file, or a bracket is "
                + "not closed";
    }

    /** One walk from snakeyaml's nodes to ours, bounded in depth and size (see the class comment). */
    private static final class Conversion {
        private final String source;
        private final boolean withLines;
        private final Problems problems;
        private int values;
        private boolean stopped;

        Conversion(String source, boolean withLines, Problems problems) {
            this.source = source;
            this.withLines = withLines;
            this.problems = problems;
        }

        /** @param depth how many lists and maps contain this node, itself included if it is one */
        private YamlNode convert(Node node, String path, int depth) {
            Location location = location(node, source, withLines);
            if (stopped) {
                return new YamlNode.Scalar(null, location);
            }
            boolean tooDeep = depth > MAX_DEPTH && !(node instanceof ScalarNode);
            if (tooDeep || ++values > MAX_VALUES) {
                // Depth gets here only through an alias (the parser refused deeper text); size through aliases or
                // a huge list. Say it once, keep no partial tree.
                stopped = true;
                // The top-level key says where; the full path of an endless alias would be fifty "[0]"s long.
                String topKey = path.replaceFirst("[.\\[].*", "");
                problems.add(location, topKey, tooDeep ? tooDeep() + " (through an alias that contains itself)"
                        : "more than " + MAX_VALUES + " values (each use of an alias *name counted again); an experiment file "
                        + "holds a few dozen");
                return new YamlNode.Scalar(null, location);
            }
            if (node instanceof ScalarNode scalar) {
                return new YamlNode.Scalar(scalarValue(scalar), location);
            }
            if (node instanceof SequenceNode sequence) {
                List<YamlNode> items = new ArrayList<>();
                for (int i = 0; i < sequence.getValue().size() && !stopped; i++) {
                    items.add(convert(sequence.getValue().get(i), path + "[" + i + "]", depth + 1));
                }
                return new YamlNode.Sequence(items, location);
            }
            MappingNode mapping = (MappingNode) node;
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (stopped) {
                    break;
                }
                Location keyLocation = location(tuple.getKeyNode(), source, withLines);
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(keyLocation, path, "a key must be a plain name, not a list or map");
                    continue;
                }
                String key = keyNode.getValue();
                String keyPath = path.isEmpty() ? key : path + "." + key;
                YamlNode.Entry previous = entries.get(key);
                if (previous != null) {
                    problems.add(keyLocation, keyPath, "duplicate key '" + key + "' (first given at "
                            + previous.keyLocation() + ")");
                    continue;
                }
                YamlNode value = convert(tuple.getValueNode(), keyPath, depth + 1);
                entries.put(key, new YamlNode.Entry(key, keyLocation, value));
            }
            return new YamlNode.Mapping(entries, location);
        }
    }

    private static Location location(Node node, String source, boolean withLines) {
        if (!withLines) {
            return Location.of(source);
        }
        return node.getStartMark().map(m -> new Location(source, m.getLine() + 1))
                .orElse(Location.of(source));
    }

    static Object scalarValue(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            return integer(text);
        }
        if (Tag.FLOAT.equals(tag)) {
            return floating(text);
        }
        return text;
    }

    private static Object integer(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        BigInteger value;
        if (t.startsWith("0x")) {
            value = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            value = new BigInteger(t.substring(2), 8);
        } else {
            value = new BigInteger(t);
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static Double floating(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith(".inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }
}
