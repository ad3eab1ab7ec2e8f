package org.flowlab.api.config;

/**
 * The dataset and how it is quantised. {@code trainSize}/{@code testSize} take the first images of a
 * split (null = the whole split); {@code dataDir} null means the default data folder.
 */
public record DataConfig(String name, int nBits, Integer trainSize, Integer testSize, String dataDir) {

    public DataConfig {
        if (nBits < 1 || nBits > 8) {
            throw new IllegalArgumentException("nBits must be in [1, 8], got " + nBits);
        }
    }

    public double bins() {
        return Math.pow(2, nBits);
    }
}
