package org.flowlab.launcher.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkFiles;
import org.flowlab.api.config.DataConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.DatasetException;
import org.flowlab.data.Datasets;

/**
 * {@code --ship-data}: the driver packs the dataset folders the sweep reads into one zip that Spark's file
 * distribution ({@code SparkContext.addFile}; it takes no local folders on a cluster) copies to every executor,
 * which unpacks it once into its own work area and reads the data from there.
 */
final class DataShipment {

    private static final String MARKER = ".unpacked";

    private DataShipment() {
    }

    /**
     * Zips, from the data folder {@code root}, each top-level folder one of {@code datasets} needs (found by
     * asking each dataset whether that folder alone satisfies it). Datasets that read no files need nothing.
     */
    static Path pack(Path root, List<DataConfig> datasets, Path zip) throws IOException {
        Set<Path> needed = new LinkedHashSet<>();
        List<Path> candidates;
        try (Stream<Path> children = Files.list(root)) {
            candidates = children.filter(Files::isDirectory).sorted().toList();
        }
        for (DataConfig data : datasets) {
            for (Path candidate : candidates) {
                if (satisfies(data.name(), candidate)) {
                    needed.add(candidate);
                }
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(1); // the datasets are gzip files already
            for (Path folder : needed) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(folder)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    out.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
        }
        return zip;
    }

    /** Whether {@code folder}, alone in a data directory, has every file the dataset checks for. */
    private static boolean satisfies(String dataset, Path folder) throws IOException {
        Path probe = Files.createTempDirectory("flowlab-probe-");
        try {
            Files.createSymbolicLink(probe.resolve(folder.getFileName()), folder.toAbsolutePath());
            Datasets.get(dataset).requirePresent(DataDirectory.of(probe));
            return true;
        } catch (DatasetException e) {
            return false;
        } finally {
            Files.deleteIfExists(probe.resolve(folder.getFileName()));
            Files.deleteIfExists(probe);
        }
    }

    /** On an executor: the shipped data folder, unpacked on first use (once per executor and shipment). */
    static synchronized String unpack(String zipName) {
        // normalised: YARN's containers name their files CONTAINER_DIR/./NAME, and the check below compares paths
        Path zip = Path.of(SparkFiles.get(zipName)).toAbsolutePath().normalize();
        Path target = zip.resolveSibling(zipName.replaceFirst("\\.zip$", ""));
        if (Files.exists(target.resolve(MARKER))) {
            return target.toString();
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("refusing " + entry.getName() + ": outside the data folder");
                }
                Files.createDirectories(file.getParent());
                copy(in, file);
            }
            Files.createFile(target.resolve(MARKER));
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the shipped data " + zip, e);
        }
    }

    private static void copy(InputStream in, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
    }
}
