package org.vmoe4j.cli;

import org.vmoe4j.UserError;
import org.vmoe4j.config.Dispatch;
import org.vmoe4j.config.ExpertSharing;
import org.vmoe4j.config.MoeConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.Routing;
import org.vmoe4j.data.transform.AutoAugmentPolicy;
import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.export.Quantization;
import org.vmoe4j.study.Upcycling;
import org.vmoe4j.study.Ablation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vmoe4j} command line: parses, dispatches to one subcommand, maps errors to exit codes. */
@Command(name = "vmoe4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Sparse Mixture-of-Experts vision transformers on the JVM:",
            "Mobile V-MoE (per-image routing) and mLiT / mmLiT (tiny ViTs with SwiGLU MoE).",
            "",
            "Run '${ROOT-COMMAND-NAME} COMMAND --help' for the options of each command."},
        subcommands = {TrainCommand.class, PretrainCommand.class, EvalCommand.class, PredictCommand.class, SuperclassesCommand.class, StudyCommand.class, DataCommand.class, InspectCommand.class, BenchCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for a bad file or value found while working (usage errors exit with 2). */
    public static final int EXIT_USER_ERROR = 1;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        EnumConverter.register(cli, Routing.class, MoeConfig.Router.class, ExpertSharing.class, Dispatch.class,
                AutoAugmentPolicy.class, Normalization.class, Ablation.class, InferenceEngine.class, Upcycling.class,
                Quantization.class);
        cli.setUsageHelpWidth(120); // the descriptions are written for lines of up to 110 characters
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserError) {
                ProgressListener.endAll();
                cmd.getErr().println("error: " + e.getMessage());
                return EXIT_USER_ERROR;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vmoe4j " + (v == null ? "(development build)" : v)};
        }
    }
}
