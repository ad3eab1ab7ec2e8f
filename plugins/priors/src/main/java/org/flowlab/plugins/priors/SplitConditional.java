package org.flowlab.plugins.priors;

import java.util.ArrayList;
import java.util.List;
import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.PriorContext;
import org.flowlab.api.nn.Channels;
import org.flowlab.api.nn.Conv2d;
import org.flowlab.api.options.OptionSpec;
import org.flowlab.api.plugin.Prior;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Glow's split2d prior: each factored-out half z₂ ~ N(μ(z₁), σ(z₁)) with (μ, log σ) from a
 * zero-initialised 3×3 convolution of the kept half z₁, so it starts as N(0, I) and learns how the
 * scales depend on each other. The top latent is learned per position unless {@code learnTop} is off.
 */
public final class SplitConditional implements Prior {

    @Override
    public String name() {
        return "split-conditional";
    }

    @Override
    public String description() {
        return "Glow split2d: z2 ~ N(mu(z1), sigma(z1)) from a zero-init conv; learned top";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.flag("learnTop", true, "learn the top latent's mean and log-std per position"));
    }

    @Override
    public LatentPrior create(PriorContext context) {
        Gaussian top = context.top().options().getBoolean("learnTop")
                ? Gaussians.learned(context.top()) : Gaussians.standard(context.top());
        List<Conv2d> conditioners = new ArrayList<>();
        List<Integer> channelsPerSplit = new ArrayList<>();
        for (int level = 0; level < context.levels() - 1; level++) {
            LayerContext ctx = context.split(level);
            int channels = ctx.inputShape().channels();
            conditioners.add(Conv2d.zeros(ctx, "conv", channels, 2 * channels, 3));
            channelsPerSplit.add(channels);
        }
        return new LatentPrior() {
            @Override
            public Gaussian top() {
                return top;
            }

            @Override
            public Gaussian split(int level, SDVariable kept) {
                SDVariable h = conditioners.get(level).apply(kept);
                int channels = channelsPerSplit.get(level);
                return new Gaussian(Channels.slice(h, 0, channels), Channels.slice(h, channels, 2 * channels));
            }
        };
    }
}
