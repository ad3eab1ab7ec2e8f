package org.flowlab.engine.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.model.ModelGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained model on disk: the resolved config (enough to rebuild the graph through the plugins), the
 * input shape, and every parameter and state buffer (running statistics, ActNorm's "initialised" flag).
 * A zip of named arrays rather than SameDiff's own format, so a checkpoint survives graph-building
 * changes that keep parameter names. Written to a temp file and moved, so a crash never leaves half a file.
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = "manifest.json";
    private static final String ARRAYS = "arrays/";

    public record Contents(TrialConfig config, TensorShape inputShape, Map<String, INDArray> arrays) {
    }

    private record Manifest(TrialConfig config, TensorShape inputShape) {
    }

    private Checkpoint() {
    }

    public static void save(Path file, TrialConfig config, TensorShape inputShape, ModelGraph graph) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Manifest(config, inputShape)));
            zip.closeEntry();
            Map<String, SDVariable> saved = new LinkedHashMap<>(graph.parameters());
            saved.putAll(graph.states());
            for (String name : saved.keySet()) {
                zip.putNextEntry(new ZipEntry(ARRAYS + name));
                DataOutputStream data = new DataOutputStream(zip);
                Nd4j.write(graph.valueOf(name), data);
                data.flush();
                zip.closeEntry();
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Contents read(Path file) throws IOException {
        Manifest manifest = null;
        Map<String, INDArray> arrays = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(MANIFEST)) {
                    manifest = JSON.readValue(zip.readAllBytes(), Manifest.class);
                } else if (entry.getName().startsWith(ARRAYS)) {
                    arrays.put(entry.getName().substring(ARRAYS.length()),
                            Nd4j.read(new DataInputStream(new java.io.ByteArrayInputStream(zip.readAllBytes()))));
                }
            }
        }
        if (manifest == null) {
            throw new IOException(file + ": not a FlowLab checkpoint (no " + MANIFEST + ")");
        }
        return new Contents(manifest.config(), manifest.inputShape(), arrays);
    }

    /** Copies saved values into a freshly built graph; every saved and every expected name must match. */
    public static void restore(Path file, Contents contents, ModelGraph graph) throws IOException {
        Map<String, SDVariable> expected = new LinkedHashMap<>(graph.parameters());
        expected.putAll(graph.states());
        for (String name : expected.keySet()) {
            INDArray value = contents.arrays().get(name);
            if (value == null) {
                throw new IOException(file + ": checkpoint has no value for '" + name + "' (saved by a different model?)");
            }
            graph.valueOf(name).assign(value);
        }
    }
}
