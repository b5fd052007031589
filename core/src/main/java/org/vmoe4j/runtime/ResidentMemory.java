package org.vmoe4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much of this process's memory is resident, from Linux's {@code /proc/self}: the whole resident set, and the
 * resident pages of one file's mappings (the {@code Rss} of its entries in {@code /proc/self/smaps}), which is
 * what of a memory-mapped weight file actually occupies memory. Elsewhere both are unknown (-1).
 */
public final class ResidentMemory {
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** The resident set size of this process in bytes (VmRSS), or -1 when unknown. */
    public static long process() {
        for (String line : lines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return kilobytes(line);
            }
        }
        return -1;
    }

    /** Resident bytes of every mapping of {@code file} in this process (0 when it is not mapped), or -1 when unknown. */
    public static long ofFile(Path file) {
        String path;
        try {
            path = file.toRealPath().toString();
        } catch (IOException e) {
            return -1;
        }
        List<String> lines = lines(SMAPS);
        if (lines.isEmpty()) {
            return -1;
        }
        long bytes = 0;
        boolean inFile = false;
        for (String line : lines) {
            if (isMappingHeader(line)) {
                inFile = line.endsWith(" " + path);
            } else if (inFile && line.startsWith("Rss:")) {
                bytes += kilobytes(line);
            }
        }
        return bytes;
    }

    /** A mapping's first line: "start-end perms offset dev inode [path]"; the fields that follow are "Name: value". */
    private static boolean isMappingHeader(String line) {
        int space = line.indexOf(' ');
        return space > 0 && line.substring(0, space).matches("[0-9a-f]+-[0-9a-f]+");
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
