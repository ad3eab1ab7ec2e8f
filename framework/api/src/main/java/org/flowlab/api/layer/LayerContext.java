package org.flowlab.api.layer;

import java.util.Random;
import java.util.function.Supplier;
import org.flowlab.api.options.ResolvedOptions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the engine hands a plugin when it builds one layer: the graph, the layer's input shape, its
 * validated options, a seeded random source, and the means to create named parameters. Every name a
 * plugin passes is scoped by the engine (e.g. {@code level0/step3/coupling/w1}), so plugins never clash.
 */
public interface LayerContext {

    SameDiff graph();

    /** float32 for training; float64 when tests compare against finite differences. */
    DataType dataType();

    TensorShape inputShape();

    ResolvedOptions options();

    /** Hidden width the model was configured with; couplings and priors use it unless their own option overrides it. */
    int modelHidden();

    /** Seeded from the trial seed and the layer's position: the same trial builds the same initial weights. */
    Random random();

    /** A trainable parameter, initialised to {@code initialValue} (converted to {@link #dataType()}). */
    SDVariable parameter(String name, INDArray initialValue);

    /** A non-trainable buffer saved with the checkpoint (running statistics, "initialised" flags). */
    SDVariable state(String name, INDArray initialValue);

    /**
     * A value recomputed on the JVM side from current parameters before every execution of the graph,
     * fed as a placeholder. Used where the computation is not differentiable in SameDiff or must run in
     * double precision (log|det W| of the 1x1 convolution).
     */
    SDVariable derived(String name, long[] shape, Supplier<INDArray> compute);

    /** Scalar 1 while training, 0 in evaluation, sampling and inversion. */
    SDVariable trainingFlag();

    /** Current value of a variable created through this context (for data-dependent init and derived values). */
    INDArray valueOf(SDVariable variable);

    /** Unique name within the graph for an op output, scoped like parameters. */
    String scoped(String name);
}
