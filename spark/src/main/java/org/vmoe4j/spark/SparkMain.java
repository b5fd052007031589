package org.vmoe4j.spark;

import org.vmoe4j.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vmoe4j-spark}: batch inference of exported vmoe4j models on Apache Spark. Usage mistakes print one
 * line and exit with 2; a bad file (found on the driver or by a task) prints one line and exits with 1.
 */
@Command(name = "vmoe4j-spark", mixinStandardHelpOptions = true, versionProvider = SparkMain.Version.class,
        description = {"Batch inference of exported vmoe4j models (vmoe4j export) with ONNX Runtime on Apache Spark.", "",
            "Run '${ROOT-COMMAND-NAME} COMMAND --help' for the options of each command."},
        subcommands = {ClassifyCommand.class, BaselineCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    /** Exit code for a bad file or value found while working (usage errors exit with 2). */
    public static final int EXIT_USER_ERROR = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setUsageHelpWidth(120);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            UserError error = userError(e);
            if (error == null) {
                throw e;
            }
            cmd.getErr().println("error: " + error.getMessage());
            return EXIT_USER_ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    /** The user's mistake behind {@code e}: itself, or the cause a failed Spark task carried back. */
    static UserError userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError error) {
                return error;
            }
        }
        return null;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The version from the jar manifest and the Spark it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparkMain.class.getPackage().getImplementationVersion();
            return new String[] {"vmoe4j-spark " + (v == null ? "(development build)" : v) + " on Spark "
                    + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }
}
