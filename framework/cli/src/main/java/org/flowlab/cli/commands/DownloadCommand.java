package org.flowlab.cli.commands;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.flowlab.cli.FlowLabCli;
import org.flowlab.cli.UsageException;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.Datasets;
import org.flowlab.runner.store.FolderPaths;
import org.flowlab.runner.cli.Subcommand;

/**
 * {@code flowlab download DATASET...}: fetches a dataset's missing files from its canonical address and
 * verifies their checksums. Runs never download behind the user's back; this is the explicit way.
 */
public final class DownloadCommand implements Subcommand {

    @Override
    public String name() {
        return "download";
    }

    @Override
    public String summary() {
        return "fetch a dataset's files (checksum-verified) into the data folder";
    }

    @Override
    public String usage() {
        return "DATASET... [--data-dir DIR]   (datasets: " + String.join(", ", Datasets.names()) + ")";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("data-dir").hasArg().argName("DIR")
                .desc("data folder (default: $" + DataDirectory.ENV_VAR + ", else ~/.flowlab/data)").build());
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        if (line.getArgList().isEmpty()) {
            throw new UsageException("name at least one dataset: " + String.join(", ", Datasets.names()));
        }
        DataDirectory directory = DataDirectory.resolve(line.getOptionValue("data-dir"));
        FolderPaths.whyNotAFolder(directory.root()).ifPresent(why -> {
            throw new UsageException("the data folder " + directory + " " + why);
        });
        for (String name : line.getArgList()) {
            if (!Datasets.names().contains(name.toLowerCase(Locale.ROOT))) {
                throw new UsageException("unknown dataset '" + name + "'; datasets: " + String.join(", ", Datasets.names()));
            }
        }
        for (String name : line.getArgList()) {
            out.println("downloading " + name + " into " + directory);
            Datasets.download(name.toLowerCase(Locale.ROOT), directory);
            out.println("  " + name + ": ok");
        }
        return FlowLabCli.OK;
    }
}
