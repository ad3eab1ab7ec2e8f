package org.flowlab.engine.execution;

import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the arrays SameDiff's session keeps cached for a function on the current thread. After a
 * {@link GradientPass} has compiled its plan, that cache (about one training step's arrays) is dead weight: the
 * plan has its own buffers. ND4J M2.1 has no public call for it (only data-type and variable conversions clear
 * the sessions), so the private per-thread map is reached by reflection; if that fails, the arrays stay cached
 * and memory is higher, nothing else changes. A later SameDiff call on the thread makes a new session.
 */
final class SessionCache {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);

    private SessionCache() {
    }

    static void drop(SameDiff function) {
        try {
            Field field = SameDiff.class.getDeclaredField("sessions");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Long, InferenceSession> sessions = (Map<Long, InferenceSession>) field.get(function);
            InferenceSession session = sessions.remove(Thread.currentThread().getId());
            if (session != null && session.getMmgr() != null) {
                session.getMmgr().close();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("SameDiff's session cache stays allocated: {}", e.toString());
        }
    }
}
