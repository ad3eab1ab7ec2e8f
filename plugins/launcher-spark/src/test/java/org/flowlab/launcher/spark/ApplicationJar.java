package org.flowlab.launcher.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * spark-submit wants an application jar; in these tests FlowLab's classes reach the driver by its class path (the
 * runnable flowlab-spark.jar is both in real use), so the jar it is given is an empty one.
 */
final class ApplicationJar {

    private ApplicationJar() {
    }

    static Path empty(Path folder) throws IOException {
        Path jar = folder.resolve("application.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("META-INF/"));
        }
        return jar;
    }
}
