package org.flowlab.api.plugin;

import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.PriorContext;

/** The distribution of the latents: the top one and each half factored out by a multi-scale split. */
public interface Prior extends Component {

    LatentPrior create(PriorContext context);
}
