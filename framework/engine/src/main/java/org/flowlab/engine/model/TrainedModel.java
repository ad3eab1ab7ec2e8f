package org.flowlab.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.engine.io.Checkpoint;
import org.flowlab.engine.io.SampleGrid;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.Dequantizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model rebuilt from a checkpoint through the installed plugins, for sampling and evaluation. */
public final class TrainedModel {

    private final TrialConfig config;
    private final FlowModel model;

    private TrainedModel(TrialConfig config, FlowModel model) {
        this.config = config;
        this.model = model;
    }

    public static TrainedModel load(Path checkpoint, ComponentRegistry registry) throws IOException {
        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
        TrialConfig config = contents.config();
        MultiScaleFlow flow = new FlowModelFactory(registry)
                .create(config.model(), contents.inputShape(), DataType.FLOAT, config.seed(), config.data().bins());
        Checkpoint.restore(checkpoint, contents, flow.graph());
        return new TrainedModel(config, new FlowModel(flow, config.data().bins()));
    }

    public TrialConfig config() {
        return config;
    }

    public FlowModel model() {
        return model;
    }

    /** {@code count} samples at temperature T as 8-bit pixel values [N, C, H, W]. */
    public INDArray samplePixels(int count, double temperature, long seed) {
        return new Dequantizer(config.data().nBits()).toPixels(model.sample(count, temperature, seed));
    }

    public void writeSampleGrid(Path png, int count, double temperature, long seed) throws IOException {
        SampleGrid.write(samplePixels(count, temperature, seed), png);
    }

    /** Sample grids at each temperature, named {@code samples_T0.7.png} in {@code folder}. */
    public Map<Double, Path> writeSampleGrids(Path folder, int count, long seed, double... temperatures) throws IOException {
        Map<Double, Path> grids = new java.util.LinkedHashMap<>();
        for (double t : temperatures) {
            Path png = folder.resolve("samples_T" + t + ".png");
            writeSampleGrid(png, count, t, seed);
            grids.put(t, png);
        }
        return grids;
    }

    public static TrainedModel of(TrialConfig config, FlowModel model) {
        return new TrainedModel(config, model);
    }
}
