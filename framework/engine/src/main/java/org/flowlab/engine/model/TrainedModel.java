package org.flowlab.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.data.Datasets;
import org.flowlab.engine.io.Checkpoint;
import org.flowlab.engine.io.SampleGrid;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.flowlab.engine.train.Dequantizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model rebuilt from a checkpoint through the installed plugins, for sampling and evaluation. */
public final class TrainedModel {

    /** The per-class sample grid a class-conditional trial writes: one row per class. */
    public static final String CLASS_GRID = "samples_by_class.png";

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
                .create(config.model(), contents.inputShape(), DataType.FLOAT, config.seed(), config.data().bins(),
                        Datasets.get(config.data().name()).classes());
        Checkpoint.restore(checkpoint, contents, flow.graph());
        return new TrainedModel(config, new FlowModel(flow, config.data().bins(), config.train().classWeight()));
    }

    public TrialConfig config() {
        return config;
    }

    public FlowModel model() {
        return model;
    }

    /** {@code count} samples at temperature T as 8-bit pixel values [N, C, H, W]. */
    public INDArray samplePixels(int count, double temperature, long seed) {
        return toPixels(model.sample(count, temperature, seed));
    }

    public void writeSampleGrid(Path png, int count, double temperature, long seed) throws IOException {
        SampleGrid.write(samplePixels(count, temperature, seed), png);
    }

    /** {@code count} samples of one class as 8-bit pixel values (a class-conditional model). */
    public INDArray samplePixels(int count, double temperature, long seed, int imageClass) {
        requireClass(imageClass);
        int[] classes = new int[count];
        java.util.Arrays.fill(classes, imageClass);
        return toPixels(model.sample(count, temperature, seed, classes));
    }

    public void writeSampleGrid(Path png, int count, double temperature, long seed, int imageClass) throws IOException {
        SampleGrid.write(samplePixels(count, temperature, seed, imageClass), png);
    }

    /** One row per class, {@code columns} samples each, at temperature T (a class-conditional model). */
    public void writeClassGrid(Path png, int columns, double temperature, long seed) throws IOException {
        int[] classes = Labels.rowsPerClass(model.classes(), columns);
        SampleGrid.write(toPixels(model.sample(classes.length, temperature, seed, classes)), png, columns);
    }

    private void requireClass(int imageClass) {
        if (!model.classConditional()) {
            throw new IllegalArgumentException("the model is not class-conditional (model.conditioning: "
                    + config.model().conditioning() + "): it cannot sample a given class");
        }
        if (imageClass < 0 || imageClass >= model.classes()) {
            throw new IllegalArgumentException("class " + imageClass + " is outside 0.." + (model.classes() - 1)
                    + " (" + config.data().name() + " has " + model.classes() + " classes)");
        }
    }

    private INDArray toPixels(INDArray decoded) {
        return new Dequantizer(config.data().nBits()).toPixels(decoded);
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
