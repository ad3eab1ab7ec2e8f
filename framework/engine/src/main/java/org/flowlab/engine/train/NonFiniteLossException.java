package org.flowlab.engine.train;

/** The loss became NaN or infinite: the trial cannot go on (usually the learning rate or warm-up). */
public class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(long step, double loss) {
        super("loss became " + loss + " at step " + step
                + " (a too high learning rate or too short warm-up is the usual cause)");
    }
}
