package org.flowlab.plugins.priors;

import java.util.ArrayList;
import java.util.List;
import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.PriorContext;
import org.flowlab.api.plugin.Prior;
import org.nd4j.autodiff.samediff.SDVariable;

/** The top latent gets a learned mean and log-std per position; factored-out halves stay N(0, I). */
public final class LearnedTop implements Prior {

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public String description() {
        return "top latent ~ N(mean, std) learned per position; splits ~ N(0, I)";
    }

    @Override
    public LatentPrior create(PriorContext context) {
        Gaussian top = Gaussians.learned(context.top());
        List<Gaussian> splits = new ArrayList<>();
        for (int level = 0; level < context.levels() - 1; level++) {
            splits.add(Gaussians.standard(context.split(level)));
        }
        return new LatentPrior() {
            @Override
            public Gaussian top() {
                return top;
            }

            @Override
            public Gaussian split(int level, SDVariable kept) {
                return splits.get(level);
            }
        };
    }
}
