package org.vmoe4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.vmoe4j.data.Datasets;
import picocli.CommandLine.Option;

/** Where a run reads its data and writes its files; shared by train and pretrain. */
public final class RunOptions {
    @Option(names = "--data", paramLabel = "SPEC", converter = DataSpecCheck.class, defaultValue = Datasets.DEFAULT_SPEC,
            description = "Dataset, KIND:DIR (see 'vmoe4j data --help'); default: Fashion-MNIST (Debian's or built in).")
    String data;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default: runs/MODEL-DATE-TIME).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its last checkpoint; other options are ignored.")
    Path resume;

    /** The run directory: --out if given, else runs/PRESET-DATE-TIME. */
    Path runDirectory(String preset) {
        if (out != null) {
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", preset + "-" + stamp);
    }
}
