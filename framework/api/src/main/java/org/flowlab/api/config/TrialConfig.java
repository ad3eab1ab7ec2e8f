package org.flowlab.api.config;

/** Everything one training run needs, fully resolved: with the code version, enough to re-run it exactly. */
public record TrialConfig(DataConfig data, ModelConfig model, TrainConfig train) {

    public long seed() {
        return train.seed();
    }
}
