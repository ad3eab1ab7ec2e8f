package org.flowlab.api.plugin;

import java.util.Arrays;
import java.util.List;

/**
 * The component families a flow is assembled from, in the order data meets them; the key is how configs and
 * the CLI name them.
 */
public enum Family {
    DEQUANTIZATION("dequantization", Dequantization.class),
    PREPROCESSING("preprocessing", Preprocessing.class),
    NORMALIZATION("normalization", Normalization.class),
    PERMUTATION("permutation", Permutation.class),
    COUPLING("coupling", Coupling.class),
    PRIOR("prior", Prior.class);

    private final String key;
    private final Class<? extends Component> serviceType;

    Family(String key, Class<? extends Component> serviceType) {
        this.key = key;
        this.serviceType = serviceType;
    }

    public String key() {
        return key;
    }

    public Class<? extends Component> serviceType() {
        return serviceType;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Family::key).toList();
    }
}
