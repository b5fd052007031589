package org.vmoe4j.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Leaves a file out of the operating system's page cache, as a model file on storage is before its first use:
 * its data is forced to the device, then GNU dd's {@code iflag=nocache} asks the kernel to drop the file's cached
 * pages ({@code posix_fadvise(POSIX_FADV_DONTNEED)}, which Java cannot call). Residency measurements start from
 * there: pages a mapping then faults in are read at the granularity of the read, whereas pages the file was
 * just written through may sit in the cache in large folios (up to 2 MB on Linux 6.x ext4) that a fault maps whole.
 */
public final class PageCache {
    private PageCache() {
    }

    /** Drops {@code file}'s pages from the page cache (Linux with coreutils); false when dd could not do it. */
    public static boolean evict(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0").redirectErrorStream(true).start();
        dd.getInputStream().readAllBytes();
        try {
            return dd.waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
