package org.vmoe4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmoe4j.data.Dataset;
import org.vmoe4j.data.SuperClassMap;
import org.vmoe4j.data.SuperClasses;
import org.vmoe4j.eval.EvalResult;
import org.vmoe4j.eval.SuperClassDiscovery;
import org.vmoe4j.eval.RunEvaluator;
import org.vmoe4j.run.TrainedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vmoe4j superclasses}: MV's super-class discovery from a dense model's confusions. */
@Command(name = "superclasses", header = "Discover super-classes from a dense run's confusions (MV 2.2).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Discover super-classes for Mobile V-MoE (MV 2.2): evaluate a trained dense run on its",
            "held-out validation split, turn the confusion matrix into a graph (symmetrised, no self-loops,",
            "normalised per class), split it into E groups by spectral clustering and write the class ->",
            "group map that 'train --superclasses MAP.json' reads. Prints a table like MV Table 1.", "",
            "Example:", "  vmoe4j superclasses --run runs/vit --groups 5 --out groups.json",
            "  vmoe4j superclasses --run runs/vit --data fashion-mnist:/usr/share/datasets/fashion-mnist --groups 5 --out groups.json"})
public final class SuperclassesCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "DENSE_RUN", required = true, description = "A trained run (usually a dense vit-*).")
    Path run;

    @Option(names = "--data", paramLabel = "SPEC", converter = DataSpecCheck.class,
            description = "Dataset whose validation split is evaluated (default: the one the run trained on, same split).")
    String data;

    @Option(names = "--groups", paramLabel = "E", required = true, description = "Number of super-classes (= experts).")
    int groups;

    @Option(names = "--out", paramLabel = "MAP.json", required = true, description = "Where to write the map.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the k-means restarts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainedRun training = TrainedRun.open(run);
        Dataset data = training.data(this.data);
        if (groups < 1 || groups > data.numClasses()) {
            throw new ParameterException(spec.commandLine(), "--groups must be in 1.." + data.numClasses() + ", got " + groups);
        }
        if (data.val().size() == 0) {
            throw new ParameterException(spec.commandLine(), run + " was trained without a validation split (--val-fraction 0)");
        }
        EvalResult result;
        try (var bar = ProgressListener.bar("val", data.val().size())) {
            result = RunEvaluator.evaluate(training, data.val(), bar::stepTo);
        }
        SuperClasses found = SuperClassDiscovery.discover(result.confusion(), groups, seed);
        SuperClassMap.write(out, found, data.classNames());
        print(spec.commandLine().getOut(), found, data.classNames(), result);
        return 0;
    }

    private void print(PrintWriter out, SuperClasses found, List<String> names, EvalResult result) {
        out.printf("dense model: %.2f%% top-1 on %d validation images; map written to %s%n", 100 * result.top1(),
                result.images(), this.out);
        SuperClassMap.table(found, names).forEach(out::println);
        out.flush();
    }
}
