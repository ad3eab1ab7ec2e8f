package org.flowlab.testkit;

import java.util.function.UnaryOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Brute-force log|det J| of a map from one sample to a vector of the same size, by central finite
 * differences in double precision. All 2·D perturbed inputs go through the map as one batch.
 */
public final class JacobianCheck {

    private static final double STEP = 1e-5;

    private JacobianCheck() {
    }

    /**
     * @param sample one input [1, C, H, W] in double
     * @param map    batch → [N, D] outputs, evaluated in double and without coupling samples (eval mode)
     */
    public static double logAbsDet(INDArray sample, UnaryOperator<INDArray> map) {
        long[] shape = sample.shape();
        int dims = Math.toIntExact(sample.length());
        double[] flat = sample.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] perturbed = new double[2 * dims][];
        for (int i = 0; i < dims; i++) {
            perturbed[2 * i] = flat.clone();
            perturbed[2 * i][i] += STEP;
            perturbed[2 * i + 1] = flat.clone();
            perturbed[2 * i + 1][i] -= STEP;
        }
        INDArray batch = Nd4j.create(perturbed);
        INDArray out = map.apply(batch.reshape(2L * dims, shape[1], shape[2], shape[3])).castTo(DataType.DOUBLE)
                .reshape(2L * dims, dims);
        double[][] jacobian = new double[dims][dims];
        for (int i = 0; i < dims; i++) {
            INDArray column = out.getRow(2L * i).sub(out.getRow(2L * i + 1)).div(2 * STEP);
            for (int r = 0; r < dims; r++) {
                jacobian[r][i] = column.getDouble(r);
            }
        }
        RealMatrix upper = new LUDecomposition(new Array2DRowRealMatrix(jacobian, false)).getU();
        double sum = 0;
        for (int i = 0; i < dims; i++) {
            sum += Math.log(Math.abs(upper.getEntry(i, i)));
        }
        return sum;
    }
}
