package org.vmoe4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

/** The one atomic writer: the old content survives a failed write, and a new file is readable as any other. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsThePreviousVersionAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.onnx");
        AtomicFile.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AtomicFile.write(file, tmp -> {
            Files.write(tmp, new byte[] {9});
            throw new IOException("disk full");
        })).isInstanceOf(UserError.class).hasMessageContaining("model.onnx").hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void aNewFileGetsTheDefaultPermissionsNotOwnerOnlyOnes() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference")); // made the ordinary way, under this umask
        Path file = dir.resolve("exported.onnx");
        AtomicFile.write(file, new byte[] {1});
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
    }
}
