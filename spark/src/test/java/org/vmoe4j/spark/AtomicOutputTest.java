package org.vmoe4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.UserError;

/** The output directory appears whole at commit, never over an existing one, and not at all after an abort. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void commitRenamesTheFinishedTemporaryDirectory() throws Exception {
        AtomicOutput output = AtomicOutput.create(dir.resolve("out").toString(), new Configuration());
        Path temporary = Path.of(output.temporary().toUri());
        assertThat(temporary.getParent()).isEqualTo(dir);
        assertThat(temporary.getFileName().toString()).startsWith(".out.tmp-");
        Files.createDirectories(temporary);
        Files.writeString(temporary.resolve("part-0"), "rows");
        assertThat(dir.resolve("out")).doesNotExist();
        output.commit();
        assertThat(dir.resolve("out/part-0")).hasContent("rows");
        assertThat(temporary).doesNotExist();
    }

    @Test
    void anExistingOutputIsRefusedBeforeAnyWork() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        assertThatThrownBy(() -> AtomicOutput.create(dir.resolve("out").toString(), new Configuration()))
                .isInstanceOf(UserError.class).hasMessageEndingWith("out: already exists; a run never overwrites an"
                        + " earlier result (give another --out, or delete it)");
    }

    @Test
    void anOutputThatAppearedDuringTheJobIsNotOverwrittenAtCommit() throws Exception {
        AtomicOutput output = AtomicOutput.create(dir.resolve("out").toString(), new Configuration());
        Files.createDirectories(Path.of(output.temporary().toUri()));
        Files.writeString(Files.createDirectories(dir.resolve("out")).resolve("theirs"), "first");
        assertThatThrownBy(output::commit).isInstanceOf(UserError.class);
        output.abort();
        assertThat(dir.resolve("out/theirs")).hasContent("first");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("out"));
        }
    }

    @Test
    void abortLeavesNothing() throws Exception {
        AtomicOutput output = AtomicOutput.create(dir.resolve("out").toString(), new Configuration());
        Files.createDirectories(Path.of(output.temporary().toUri()).resolve("half"));
        output.abort();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
