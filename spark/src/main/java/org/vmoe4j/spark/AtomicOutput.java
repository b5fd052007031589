package org.vmoe4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.vmoe4j.UserError;

/**
 * An output directory that appears whole or not at all: the job writes into a hidden sibling
 * ({@code .NAME.tmp-UUID}, on the same file system, which Spark and Hadoop readers skip) and
 * {@link #commit} renames it to the final name. An existing output directory is refused before any work,
 * and again at the rename: a re-run never overwrites or mixes with an earlier result. A failed job
 * {@link #abort}s, deleting what it wrote.
 */
final class AtomicOutput {
    private final String name;
    private final FileSystem fs;
    private final Path target;
    private final Path temporary;

    private AtomicOutput(String name, FileSystem fs, Path target) {
        this.name = name;
        this.fs = fs;
        this.target = target;
        this.temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }

    /**
     * Prepares to write {@code out} (a local path or any Hadoop file system URI).
     *
     * @throws UserError when {@code out} already exists
     */
    static AtomicOutput create(String out, Configuration hadoop) {
        try {
            Path target = new Path(out);
            FileSystem fs = target.getFileSystem(hadoop);
            Path qualified = fs.makeQualified(target);
            if (qualified.getParent() == null) {
                throw new UserError("--out " + out + ": expected a directory to create, found the root directory");
            }
            AtomicOutput output = new AtomicOutput(out, fs, qualified);
            output.refuseExisting();
            return output;
        } catch (IOException e) {
            throw new UserError("--out " + out + ": cannot reach its file system (" + e.getMessage() + ")", e);
        }
    }

    /** Where the job writes until it commits. */
    Path temporary() {
        return temporary;
    }

    /** The final directory. */
    Path target() {
        return target;
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** Renames the finished temporary directory to the target. */
    void commit() {
        try {
            refuseExisting();
            if (!fs.rename(temporary, target)) {
                throw new IllegalStateException("could not rename " + temporary + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rename " + temporary + " to " + target, e);
        }
    }

    /** Deletes the temporary directory (best effort: the job is failing already). */
    void abort() {
        try {
            fs.delete(temporary, true);
        } catch (IOException e) {
            // nothing more to do: the hidden directory is named after the output and can be removed by hand
        }
    }

    private void refuseExisting() throws IOException {
        if (fs.exists(target)) {
            throw new UserError(name + ": already exists; a run never overwrites an earlier result (give another"
                    + " --out, or delete it)");
        }
    }
}
