package org.flowlab.runner.provenance;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowlab.api.plugin.FrameworkVersion;

/**
 * Where and with what a sweep ran: enough, with the resolved config, to reproduce a trial. Recorded as the
 * sweep's tags, in every trial's tags and in {@code provenance.json} beside each trial's config.
 *
 * <p>The thread counts belong here because they change the numbers: a multi-threaded reduction adds its
 * floats in another order, and early training amplifies the difference (the quickstart's reverse trials end at
 * 4.69 ± 0.46 bits/dim with two threads per trial and 4.06 ± 0.40 with one). The same seed, config and thread
 * counts give the same curve on the same kind of CPU ({@link CpuInfo}).
 *
 * @param nd4jThreads   libnd4j's own thread limit for each trial's ops
 * @param openMpThreads the OpenMP pool, fixed by {@code OMP_NUM_THREADS} when the native library loaded
 * @param cpu           the CPU model and its widest vector extension
 */
public record Provenance(GitState git, String frameworkVersion, Map<String, String> pluginVersions,
                         String javaVersion, String os, String host, int cpus, int nd4jThreads, int openMpThreads,
                         String cpu) {

    public Provenance {
        pluginVersions = Map.copyOf(pluginVersions);
    }

    public static Provenance detect(Map<String, String> pluginVersions, int nd4jThreads, int openMpThreads) {
        return new Provenance(GitState.detect(codeLocation(), Path.of("").toAbsolutePath()), FrameworkVersion.get(),
                pluginVersions,
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version",
                        System.getProperty("java.version")),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                hostName(), Runtime.getRuntime().availableProcessors(), nd4jThreads, openMpThreads, CpuInfo.detect());
    }

    /**
     * Flat tags, the MLflow convention: {@code git.commit}, {@code flowlab.version}, and the plugin jars' versions
     * in one {@code plugins} tag ({@code couplings 0.1.0, permutations 0.1.0, ...}): one column in MLflow, not one
     * per jar.
     */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("git.commit", git.commit());
        tags.put("git.dirty", Boolean.toString(git.dirty()));
        tags.put("flowlab.version", frameworkVersion);
        tags.put("plugins", String.join(", ", new java.util.TreeMap<>(pluginVersions).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()));
        tags.put("java", javaVersion);
        tags.put("os", os);
        tags.put("host", host);
        tags.put("cpu", cpu);
        tags.put("cpus", Integer.toString(cpus));
        tags.put("threads.nd4j", Integer.toString(nd4jThreads));
        tags.put("threads.openmp", Integer.toString(openMpThreads));
        return tags;
    }

    private static Path codeLocation() {
        try {
            return Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }
}
