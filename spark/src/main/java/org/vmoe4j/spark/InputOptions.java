package org.vmoe4j.spark;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which images a command classifies: a split of a {@code --data} dataset, or a list of image files. */
final class InputOptions {
    @Option(names = "--data", paramLabel = "KIND:DIR",
            description = "A dataset as 'vmoe4j --data' reads it (cifar10:DIR, folder:DIR, fashion-mnist-sample, ...).")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "The split of --data to classify: train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0",
            description = "Fraction of the training split carved into 'val' (as in training; default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the carved validation split (the training run's seed; default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--images", paramLabel = "LIST.txt",
            description = "A text file of image paths (JPEG, PNG, ...), one per line; relative paths are relative to it.")
    String list;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The images as the options name them; a usage error unless exactly one of --data and --images is given. */
    JobImages images() {
        if ((data == null) == (list == null)) {
            throw new ParameterException(spec.commandLine(), "give either --data KIND:DIR or --images LIST.txt");
        }
        if (list != null) {
            return new JobImages.FromList(list);
        }
        return new JobImages.FromDataset(new DatasetInput(data, split(), valFraction, seed));
    }

    private Split split() {
        for (Split s : Split.values()) {
            if (s.name().equalsIgnoreCase(split)) {
                return s;
            }
        }
        throw new ParameterException(spec.commandLine(), "--split " + split + ": expected train, val or test");
    }
}
