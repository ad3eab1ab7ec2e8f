package org.flowlab.api.layer;

/** What a prior plugin gets: one scoped {@link LayerContext} for the top latent and one per split. */
public interface PriorContext {

    int levels();

    /** Context whose input shape is the top latent's shape. */
    LayerContext top();

    /** Context whose input shape is the kept half after {@code level}; the factored-out half has the same shape. */
    LayerContext split(int level);
}
