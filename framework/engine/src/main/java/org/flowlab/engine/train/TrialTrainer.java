package org.flowlab.engine.train;

import java.nio.file.Path;
import org.flowlab.api.config.TrialConfig;

/** Trains one trial end to end. Being written; see the engine issue. */
public interface TrialTrainer {

    /**
     * Builds the model, trains it, evaluates test bits/dim, writes the checkpoint and sample grids into
     * {@code outputDir}. Throws {@link NonFiniteLossException} on a NaN/Inf loss; honours thread interruption.
     */
    TrainingResult train(TrialConfig config, Path outputDir, TrainingListener listener);
}
