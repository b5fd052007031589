package org.vmoe4j.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import org.vmoe4j.UserError;

/**
 * Writes files so that a reader never sees half of one and a failure never destroys the previous version: the
 * content goes to a temporary file beside the target, which is then renamed over it in one step. Every file
 * vmoe4j writes (configs, metrics, checkpoints, weights, charts, maps, exported models) goes through here.
 */
public final class AtomicFile {
    /** Writes the content to a path (the temporary file). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicFile() {
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Replaces {@code target} with what {@code content} writes; creates missing parent directories.
     *
     * @throws UserError naming the file when it cannot be written (no space, no permission, ...)
     */
    public static void write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, target.getFileName().toString());
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UserError(target + ": cannot write (" + e + ")", e);
        }
    }

    /**
     * A new empty file {@code .NAME.RANDOM.tmp} in {@code dir}, made with the process's default permissions (the
     * umask's, as the renamed file should have; {@code Files.createTempFile} would make it private to the owner).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the failure to write is the one worth reporting
        }
    }
}
