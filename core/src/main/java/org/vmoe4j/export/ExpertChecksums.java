package org.vmoe4j.export;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * One CRC-32C per expert over its slices of every separated tensor ({@link ExpertTensor}), in the tensors' order:
 * what the exporter records in the model's metadata ({@value OnnxContract#EXPERT_CHECKSUMS}) and what the runtime
 * checks the first time an expert is used, reading only that expert's bytes.
 */
public final class ExpertChecksums {
    private ExpertChecksums() {
    }

    /** The checksum of expert {@code e} of {@code experts}, over its slice of each stack (each [E, ...] in bytes). */
    public static long of(List<ByteBuffer> stacks, int experts, int e) {
        CRC32C crc = new CRC32C();
        for (ByteBuffer stack : stacks) {
            int slice = stack.remaining() / experts;
            crc.update(stack.duplicate().position(stack.position() + e * slice).limit(stack.position() + (e + 1) * slice));
        }
        return crc.getValue();
    }

    /** Every expert's checksum as the metadata writes them: hexadecimal, comma-separated. */
    public static String all(List<ByteBuffer> stacks, int experts) {
        return IntStream.range(0, experts).mapToObj(e -> Long.toHexString(of(stacks, experts, e)))
                .collect(Collectors.joining(","));
    }
}
