package org.flowlab.runner.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU a run used, as provenance: its model and the widest vector instructions it offers. Both change the
 * numbers, not only the speed: oneDNN picks other convolution kernels for AVX-512 than for AVX2, which add their
 * floats in another order (the quickstart's results differ between two such machines at the same commit and seed).
 */
public final class CpuInfo {

    private static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");
    /** Widest first: the first one the CPU has is reported. */
    private static final List<String> VECTOR_EXTENSIONS = List.of("avx512f", "avx2", "avx", "sse4_2", "asimd");

    private CpuInfo() {
    }

    /** "model name, widest extension", or the JVM's architecture where /proc/cpuinfo cannot be read. */
    public static String detect() {
        String arch = System.getProperty("os.arch");
        try {
            return describe(Files.readAllLines(PROC_CPUINFO), arch);
        } catch (IOException | SecurityException e) {
            return arch;
        }
    }

    static String describe(List<String> cpuinfo, String arch) {
        String model = firstValue(cpuinfo, "model name");
        String flags = firstValue(cpuinfo, "flags");
        if (flags == null) {
            flags = firstValue(cpuinfo, "Features"); // ARM's name for the same line
        }
        Set<String> available = flags == null ? Set.of()
                : Arrays.stream(flags.trim().split("\\s+")).collect(Collectors.toSet());
        String widest = VECTOR_EXTENSIONS.stream().filter(available::contains).findFirst().orElse(null);
        String name = model == null ? arch : model;
        return widest == null ? name : name + ", " + widest;
    }

    private static String firstValue(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
