package org.flowlab.launcher.spark;

import java.util.Optional;
import org.flowlab.api.config.DataConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.DatasetException;
import org.flowlab.data.Datasets;

/** Checks, where a trial is about to run, that its dataset files are there; says how to fix it when not. */
final class WorkerData {

    private WorkerData() {
    }

    static Optional<String> problem(DataConfig data, WorkerIdentity worker) {
        try {
            Datasets.get(data.name()).requirePresent(DataDirectory.resolve(data.dataDir()));
            return Optional.empty();
        } catch (DatasetException e) {
            return Optional.of(worker + " cannot read dataset " + data.name() + ": " + e.getMessage()
                    + "\n  fix: put the files where every worker reads them (a shared folder mounted at the same path "
                    + "on each worker, named by dataset.dataDir or " + DataDirectory.ENV_VAR + " in the workers' "
                    + "environment), or ship them with the job: flowlab run ... --ship-data");
        }
    }
}
