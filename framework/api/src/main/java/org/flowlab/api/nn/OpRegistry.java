package org.flowlab.api.nn;

import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tells ND4J's op registry which Java class stands for a native op.
 *
 * <p>Why: SameDiff builds its gradient function from a copy of the graph made by serialising every op and
 * instantiating the class that the registry lists for the op's native hash. An op class of ours whose
 * {@code doDiff} differs from ND4J's must therefore be the class listed for its native op, or the copy would
 * lose its gradient.
 */
final class OpRegistry {

    private OpRegistry() {
    }

    /**
     * Lists {@code ours} for {@code nativeOp}. {@code expected} is the class ND4J lists there out of the box
     * (null: none); anything else means another ND4J version, for which our op classes were not written.
     */
    @SuppressWarnings("unchecked")
    static synchronized void register(String nativeOp, Class<?> ours, Class<?> expected) {
        long hash = Nd4j.getExecutioner().getCustomOperations().get(nativeOp).getHash();
        DifferentialFunctionClassHolder registry = DifferentialFunctionClassHolder.getInstance();
        try {
            Map<Long, Map<String, Class<?>>> shared = (Map<Long, Map<String, Class<?>>>) field("customOpHashToClasses").get(registry);
            Map<Long, Class<?>> single = (Map<Long, Class<?>>) field("customOpHashToClass").get(registry);
            Class<?> registered = shared.containsKey(hash) ? shared.get(hash).get(nativeOp) : single.get(hash);
            if (registered != null && registered != ours && registered != expected) {
                throw new IllegalStateException("ND4J already maps the native op '" + nativeOp + "' to " + registered
                        + "; this ND4J version is not the one " + ours.getSimpleName() + " was written for");
            }
            // The lookup consults the multi-class map first when it holds the hash, so register where it looks.
            if (shared.containsKey(hash)) {
                shared.get(hash).put(nativeOp, ours);
            } else {
                single.put(hash, ours);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot register " + ours.getSimpleName()
                    + " with ND4J's op registry (ND4J version?)", e);
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = DifferentialFunctionClassHolder.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
