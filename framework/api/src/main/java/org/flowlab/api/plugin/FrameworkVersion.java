package org.flowlab.api.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The framework version, filtered into a resource at build time so it is right even outside a jar. */
public final class FrameworkVersion {

    private static final String VERSION = load();

    private FrameworkVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = FrameworkVersion.class.getResourceAsStream("/org/flowlab/api/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
