package org.flowlab.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Drop-in replacements for the SameDiff ops whose gradient is pathologically slow on the ND4J M2.1 CPU
 * backend. Same values and the same gradients (FastOpsTest checks both against the plain ops); only the
 * op sequence differs. Measured on a training step (BENCHMARKS.md, "Where the step time goes"):
 * <ul>
 *   <li>{@code multiply_bp} with a broadcast operand (a per-channel scale [1,C,1,1] or a per-position
 *       mean [1,C,H,W]) costs 17–35× a same-shape multiply: we expand the operand with a broadcast
 *       {@code add}, whose gradient is cheap, and multiply same-shape tensors;</li>
 *   <li>{@code relu}'s gradient ({@code thresholdedrelu_bp}) costs ~12× a same-shape multiply: {@link MaskedRelu}
 *       runs the native forward op and differentiates it as g·step(x).</li>
 * </ul>
 */
public final class FastOps {

    private FastOps() {
    }

    /** x · w where w broadcasts against x (e.g. [1,C,1,1] or [1,C,H,W] against [N,C,H,W]). */
    public static SDVariable multiply(SDVariable x, SDVariable w) {
        return x.mul(expand(w, x));
    }

    /** w broadcast to the shape of like. */
    private static SDVariable expand(SDVariable w, SDVariable like) {
        return like.getSameDiff().zerosLike(like).add(w);
    }

    /** max(x, 0), differentiated as g·step(x) ({@link MaskedRelu}). */
    public static SDVariable relu(SDVariable x) {
        return MaskedRelu.apply(x);
    }
}
