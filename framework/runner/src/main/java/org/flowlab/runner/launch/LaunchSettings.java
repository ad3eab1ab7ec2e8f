package org.flowlab.runner.launch;

import java.util.Map;
import org.flowlab.runner.spec.Location;

/**
 * Where and how to run a sweep's trials: the experiment file's {@code launcher:} block with the command line's
 * {@code --launcher}, {@code --master}, {@code --ship-data} on top. Never part of a trial's identity.
 *
 * @param name        the launcher ({@code local} when neither file nor command line names one)
 * @param master      the cluster's address, for launchers that have one ({@code spark://HOST:PORT}, ...)
 * @param shipData    send the dataset files with the job instead of reading them on each worker
 * @param threads     ND4J threads (cores) per trial where the launcher decides it; null = the launcher's default
 * @param connectSeconds how long to wait for the cluster before giving up; null = the launcher's default
 * @param conf        extra engine settings passed through unchanged ({@code spark.executor.memory: 2g})
 * @param locations   where each key was set (file line or command line), for messages
 */
public record LaunchSettings(String name, String master, boolean shipData, Integer threads, Integer connectSeconds,
                             Map<String, String> conf, Map<String, Location> locations) {

    public static final String DEFAULT = "local";

    public static LaunchSettings local() {
        return new LaunchSettings(DEFAULT, null, false, null, null, Map.of(), Map.of());
    }

    public Location location(String key) {
        return locations.getOrDefault(key, locations.getOrDefault("name", Location.of("command line")));
    }

    public int threadsOr(int defaultValue) {
        return threads == null ? defaultValue : threads;
    }
}
