package org.flowlab.engine.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where each parameter lives inside one flat vector that holds all of them end to end (c order), so that a
 * whole model's gradient, or its Adam update, is a single array: one op for the norm, the clipping and the
 * optimiser instead of one per parameter.
 */
final class ParameterLayout {

    private record Slot(long offset, long[] shape, long length) {
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final long length;

    /** @param shapes parameter name → shape, in the order the flat vector concatenates them */
    ParameterLayout(Map<String, long[]> shapes) {
        long offset = 0;
        for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
            long size = Arrays.stream(entry.getValue()).reduce(1, (a, b) -> a * b);
            slots.put(entry.getKey(), new Slot(offset, entry.getValue().clone(), size));
            offset += size;
        }
        this.length = offset;
    }

    List<String> parameters() {
        return List.copyOf(slots.keySet());
    }

    long length() {
        return length;
    }

    /** The parameter's part of {@code flat}, as a view in the parameter's shape (writes go through). */
    INDArray view(INDArray flat, String parameter) {
        Slot slot = slots.get(parameter);
        if (slot == null) {
            throw new IllegalArgumentException("No parameter '" + parameter + "' in the layout; known: " + parameters());
        }
        return flat.get(NDArrayIndex.interval(slot.offset(), slot.offset() + slot.length())).reshape(slot.shape());
    }

    /** Every parameter's view of {@code flat}. */
    Map<String, INDArray> views(INDArray flat) {
        Map<String, INDArray> views = new LinkedHashMap<>();
        slots.keySet().forEach(name -> views.put(name, view(flat, name)));
        return views;
    }
}
