package org.flowlab.engine.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a finished trial leaves behind: final bits/dim on the train and test splits, size and duration,
 * and the files written to its output folder (checkpoint, sample grids keyed by temperature, and for a
 * class-conditional model the grid with one row per class, else null).
 */
public record TrainingResult(double finalTestBpd, double finalTrainBpd, long parameterCount, long steps,
                             Duration elapsed, Path checkpoint, Map<Double, Path> sampleGrids, Path classGrid) {

    /** An unconditional model's result: no class grid. */
    public TrainingResult(double finalTestBpd, double finalTrainBpd, long parameterCount, long steps,
                          Duration elapsed, Path checkpoint, Map<Double, Path> sampleGrids) {
        this(finalTestBpd, finalTrainBpd, parameterCount, steps, elapsed, checkpoint, sampleGrids, null);
    }
}
