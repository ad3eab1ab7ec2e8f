package org.flowlab.engine.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma &amp; Ba) applied in place to named parameters, with the learning rate given per step so that
 * warm-up and clipping stay in the trainer. The moments and the gradient are flat vectors over all parameters
 * ({@link ParameterLayout}): the whole update is one fused native op ({@code adam_updater}: moments, bias
 * correction and the update in a single pass) plus one subtraction per parameter, instead of a dozen
 * element-wise ops per parameter.
 *
 * <p>The update is lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), the paper's "efficient" form (its ε acts on the
 * uncorrected √v).
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final ParameterLayout layout;
    private INDArray firstMoment;
    private INDArray secondMoment;
    private int completedSteps;

    Adam(ParameterLayout layout) {
        this.layout = layout;
    }

    /** One step on the parameters named in the layout. The flat gradient is overwritten with the update. */
    void apply(Map<String, INDArray> parameters, INDArray flatGradient, double learningRate) {
        if (flatGradient.length() != layout.length()) {
            throw new IllegalArgumentException("Gradient of length " + flatGradient.length()
                    + " for a layout of " + layout.length() + " parameters");
        }
        if (firstMoment == null) {
            firstMoment = Nd4j.zeros(flatGradient.dataType(), flatGradient.length());
            secondMoment = Nd4j.zeros(flatGradient.dataType(), flatGradient.length());
        }
        // In place: the moments become the new moments and the gradient the update; the iteration is 0-based.
        Nd4j.exec(new AdamUpdater(flatGradient, secondMoment, firstMoment, learningRate, BETA1, BETA2, EPSILON,
                completedSteps));
        layout.views(flatGradient).forEach((name, update) -> parameters.get(name).subi(update));
        completedSteps++;
    }
}
