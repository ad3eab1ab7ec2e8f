package org.flowlab.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Registry of the built-in dataset providers. */
public final class Datasets {
    private static final Map<String, DatasetProvider> PROVIDERS = new LinkedHashMap<>();

    static {
        register(MnistProvider.mnist());
        register(MnistProvider.fashionMnist());
        register(Cifar10Provider.standard());
        register(new SyntheticProvider());
    }

    private Datasets() {
    }

    private static void register(DatasetProvider provider) {
        PROVIDERS.put(provider.name(), provider);
    }

    /** Names in a stable order: mnist, fashion-mnist, cifar10, synthetic. */
    public static List<String> names() {
        return List.copyOf(PROVIDERS.keySet());
    }

    /** @throws IllegalArgumentException for an unknown name; the message lists the known ones */
    public static DatasetProvider get(String name) {
        DatasetProvider provider = name == null ? null : PROVIDERS.get(name.trim().toLowerCase(Locale.ROOT));
        if (provider == null) {
            throw new IllegalArgumentException("Unknown dataset '" + name + "'. Known datasets: " + String.join(", ", names()));
        }
        return provider;
    }

    /** Explicitly fetches the named dataset's missing files into {@code dir}. */
    public static void download(String name, DataDirectory dir) {
        get(name).download(dir);
    }
}
