package org.flowlab.plugins.permutations;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.plugin.Permutation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Glow's LU-parameterised 1×1 convolution: W = P·L·(U + diag(sign(s)·exp(log|s|))) with P a fixed
 * permutation, L unit lower triangular and U strictly upper triangular, all from the LU decomposition
 * of a random orthogonal matrix. log|det W| = Σ log|s| is exact and cheap: no determinant at all.
 */
public final class Conv1x1Lu implements Permutation {

    @Override
    public String name() {
        return "conv1x1-lu";
    }

    @Override
    public String description() {
        return "invertible 1x1 convolution, LU-parameterised (Glow): log|det| = sum(log|s|)";
    }

    @Override
    public FlowLayer create(LayerContext ctx) {
        return new Layer(ctx);
    }

    static final class Layer implements FlowLayer {

        private final LayerContext ctx;
        private final INDArray permutation;
        private final INDArray signs;
        private final INDArray lowerMask;
        private final INDArray identity;
        private final SDVariable lower;
        private final SDVariable upper;
        private final SDVariable logS;
        private final SDVariable weightTransposed;
        private final LinearChannelMix mix;
        private final double pixels;

        Layer(LayerContext ctx) {
            this.ctx = ctx;
            int n = ctx.inputShape().channels();
            LUDecomposition lu = new LUDecomposition(Matrices.randomOrthogonal(n, ctx.random()));
            // commons-math factors P·W = L·U, so W = Pᵀ·L·U: Glow's P is our Pᵀ.
            this.permutation = Matrices.toArray(lu.getP().transpose()).castTo(DataType.DOUBLE);
            RealMatrix u = lu.getU();
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = u.getEntry(i, i);
            }
            INDArray sArray = Nd4j.create(s, new long[]{1, n}).castTo(DataType.DOUBLE);
            this.signs = Transforms.sign(sArray);
            this.identity = Nd4j.eye(n).castTo(DataType.DOUBLE);
            this.lowerMask = strictlyLowerMask(n);
            SameDiff sd = ctx.graph();
            this.lower = ctx.parameter("L", Matrices.toArray(lu.getL()).mul(lowerMask));
            this.upper = ctx.parameter("U", Matrices.toArray(u).mul(lowerMask.transpose()));
            this.logS = ctx.parameter("log_s", Transforms.log(Transforms.abs(sArray)));
            // Constants folded ahead (upper mask, sign·I) and Wᵀ built by the last matmul itself: every op
            // here runs twice per training step (forward and gradient), for every flow step.
            SDVariable p = sd.constant(ctx.scoped("P"), permutation.castTo(ctx.dataType()));
            SDVariable lMask = sd.constant(ctx.scoped("lower_mask"), lowerMask.castTo(ctx.dataType()));
            SDVariable uMask = sd.constant(ctx.scoped("upper_mask"), lowerMask.transpose().castTo(ctx.dataType()));
            SDVariable eye = sd.constant(ctx.scoped("eye"), identity.castTo(ctx.dataType()));
            SDVariable signedEye = sd.constant(ctx.scoped("sign_s_eye"), identity.mulRowVector(signs).castTo(ctx.dataType()));
            SDVariable l = lower.mul(lMask).add(eye);
            SDVariable uFull = upper.mul(uMask).add(signedEye.mul(sd.math().exp(logS)));
            this.weightTransposed = p.mmul(l).mmul(ctx.scoped("W_T"), uFull,
                    MMulTranspose.builder().transposeResult(true).build());
            this.mix = new LinearChannelMix(n, LinearChannelMix.inverseTransposeOf(ctx, this::currentWeight));
            this.pixels = ctx.inputShape().pixels();
        }

        private static INDArray strictlyLowerMask(int n) {
            double[][] mask = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    mask[i][j] = 1;
                }
            }
            return Nd4j.create(mask).castTo(DataType.DOUBLE);
        }

        /** W recomputed on the JVM in double from the current L, U, log|s| (for W⁻¹). */
        private RealMatrix currentWeight() {
            INDArray l = ctx.valueOf(lower).castTo(DataType.DOUBLE).mul(lowerMask).add(identity);
            INDArray s = Transforms.exp(ctx.valueOf(logS).castTo(DataType.DOUBLE)).mul(signs);
            INDArray u = ctx.valueOf(upper).castTo(DataType.DOUBLE)
                    .mul(lowerMask.transpose()).add(identity.mulRowVector(s));
            return Matrices.toMatrix(permutation.mmul(l).mmul(u));
        }

        private SDVariable logAbsDet() {
            return logS.sum().mul(pixels);
        }

        @Override
        public Flowed forward(SDVariable x) {
            return new Flowed(mix.mixTransposed(x, weightTransposed), logAbsDet());
        }

        @Override
        public Flowed inverse(SDVariable y) {
            return new Flowed(mix.inverse(y), logAbsDet().neg());
        }
    }
}
