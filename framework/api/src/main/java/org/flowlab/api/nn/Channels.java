package org.flowlab.api.nn;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/** Channel slicing for couplings and splits (NCHW). */
public final class Channels {

    private Channels() {
    }

    /** Channels [from, to) of x. */
    public static SDVariable slice(SDVariable x, int from, int to) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
    }

    public static SDVariable concat(SDVariable first, SDVariable second) {
        return first.getSameDiff().concat(1, first, second);
    }
}
