package org.flowlab.plugins.permutations;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small dense linear algebra in double precision, on the JVM, for the 1×1 convolutions. */
final class Matrices {

    private Matrices() {
    }

    /** A random orthogonal matrix (Q of the QR decomposition of a Gaussian matrix), as Glow initialises W. */
    static RealMatrix randomOrthogonal(int n, Random random) {
        double[][] values = new double[n][n];
        for (double[] row : values) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return new QRDecomposition(new Array2DRowRealMatrix(values, false)).getQ();
    }

    static RealMatrix toMatrix(INDArray array) {
        return new Array2DRowRealMatrix(array.castTo(DataType.DOUBLE).toDoubleMatrix(), false);
    }

    static INDArray toArray(RealMatrix matrix) {
        return Nd4j.create(matrix.getData());
    }

    static RealMatrix inverse(RealMatrix matrix) {
        return new LUDecomposition(matrix).getSolver().getInverse();
    }

    /** log|det W| from the LU factors: never forms det W itself, which over- or underflows for wide W. */
    static double logAbsDet(RealMatrix matrix) {
        RealMatrix upper = new LUDecomposition(matrix).getU();
        double sum = 0;
        for (int i = 0; i < upper.getRowDimension(); i++) {
            sum += Math.log(Math.abs(upper.getEntry(i, i)));
        }
        return sum;
    }
}
