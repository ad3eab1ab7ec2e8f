package org.flowlab.api.plugin;

import java.util.Optional;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.LearnedDequantizer;

/**
 * How the discrete image x becomes the continuous x̃ = x/n_bins − 0.5 + u/n_bins the flow models, u ∈ [0, 1)^D.
 * The flow then bounds the discrete likelihood: −log P(x) ≤ E_q[−log p(x̃) + D·log n_bins + log q(u|x)].
 * {@code uniform} (Glow) draws u ~ U(0, 1)^D on the JVM and has nothing in the graph (log q = 0);
 * {@code variational} (Flow++) learns q(u|x) as a conditional flow inside the model graph.
 */
public interface Dequantization extends Component {

    /**
     * The graph part of q(u|x), built in {@code context} (input shape: the image's), or empty when u is uniform
     * and the engine adds it to the image itself, as before the family existed.
     */
    Optional<LearnedDequantizer> create(LayerContext context);
}
