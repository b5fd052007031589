package org.vmoe4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmoe4j.HostileFiles;
import org.vmoe4j.UserError;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;

/** MAT files whose headers lie: each is refused from its headers, before MFL reads any data. */
class MatFilesTest {
    /** Where X's last dimension sits in svhn-scipy-plain.mat: 128 header + 8 matrix tag + 16 flags + 8 dims tag + 12. */
    static final int X_LAST_DIM = 128 + 8 + 16 + 8 + 12;

    @TempDir
    Path dir;

    static byte[] scipyPlain() throws IOException {
        try (InputStream in = MatFilesTest.class.getResourceAsStream("/mat/svhn-scipy-plain.mat")) {
            return in.readAllBytes();
        }
    }

    private Path svhnFile(byte[] content) throws IOException {
        return Files.write(dir.resolve("train_32x32.mat"), content);
    }

    private static UserError svhnError(Path file) {
        try {
            SvhnReader.split(file);
        } catch (UserError e) {
            return e;
        }
        throw new AssertionError(file + " was read");
    }

    @Test
    void theScannerSeesTheVariablesScipyWrote() throws IOException {
        var vars = MatHeaders.scan(svhnFile(scipyPlain()));
        assertThat(vars).extracting(MatHeaders.Variable::name).containsExactly("X", "y");
        assertThat(vars.get(0).dims()).containsExactly(32, 32, 3, 3);
        assertThat(vars.get(0).className()).isEqualTo("uint8");
        assertThat(vars.get(0).dataBytes()).isEqualTo(32 * 32 * 3 * 3);
        assertThat(vars.get(1).className()).isEqualTo("double");
        assertThat(vars.get(1).dataBytes()).isEqualTo(3 * 8);
    }

    @Test
    void aDimensionThatDisagreesWithTheDataIsRefused() throws IOException {
        Path f = svhnFile(HostileFiles.putInt(scipyPlain(), X_LAST_DIM, 1_000_000, ByteOrder.LITTLE_ENDIAN));
        assertThat(svhnError(f)).hasMessage(f + ": variable 'X' (32x32x3x1000000 uint8) declares 9216 data bytes of "
                + "storage type 2, expected 3072000000 bytes");
        Path g = svhnFile(HostileFiles.putInt(scipyPlain(), X_LAST_DIM, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN));
        assertThat(svhnError(g)).hasMessageContaining("expected 6597069763584 bytes");
    }

    @Test
    void truncationAtEveryTagBoundaryIsRefused() throws IOException {
        byte[] plain = scipyPlain();
        for (int length : new int[] {0, 60, 127, 128, 130, 136, 144, 152, 160, 170, 176, 184, 192, 200, 5000,
            plain.length - 30, plain.length - 1}) {
            Path f = svhnFile(Arrays.copyOf(plain, length));
            assertThat(svhnError(f).getMessage()).as("cut at " + length).startsWith(f + ": ");
        }
    }

    @Test
    void wrongClassAndWrongShapeAreRefusedFromTheHeader() throws IOException {
        Path f = dir.resolve("train_32x32.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 3, 2}, MatlabType.Double))
                .addArray("y", Mat5.newMatrix(2, 1)), f.toFile());
        assertThat(svhnError(f)).hasMessage(f + ": X is double, expected uint8");
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 3, 0}, MatlabType.UInt8))
                .addArray("y", Mat5.newMatrix(0, 1)), f.toFile());
        assertThat(svhnError(f)).hasMessage(f + ": X is 32x32x3x0, expected 32x32x3xN");
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 3, 1}, MatlabType.UInt8))
                .addArray("y", Mat5.newComplex(1, 1)), f.toFile());
        assertThat(svhnError(f)).hasMessage(f + ": variable 'y' is complex double, expected a real numeric array");
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", Mat5.newMatrix(new int[] {32, 32, 3, 1}, MatlabType.UInt8))
                .addArray("y", Mat5.newStruct()), f.toFile());
        assertThat(svhnError(f)).hasMessage(f + ": variable 'y' is a struct, expected a real numeric array");
    }

    @Test
    void compressedVariableAnnouncingMoreThanItCanInflateToIsRefused() throws IOException {
        ByteBuffer matrix = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MatHeaders.MATRIX).putInt(0x7FFFFFF0) // a 2 GB variable
                .putInt(6).putInt(8).putInt(9).putInt(0); // flags: uint8
        Deflater deflater = new Deflater();
        deflater.setInput(matrix.array(), 0, matrix.position());
        deflater.finish();
        byte[] z = new byte[200];
        int n = deflater.deflate(z);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(Arrays.copyOf(scipyPlain(), 128));
        file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(MatHeaders.COMPRESSED).putInt(n).array());
        file.write(z, 0, n);
        Path f = svhnFile(file.toByteArray());
        assertThat(svhnError(f)).hasMessageStartingWith(f + ": the variable at byte 128 need 2147483640 bytes, more "
                + "than " + n + " compressed bytes can inflate to").hasMessageContaining("decompression bomb");
    }

    /** A zlib stream that wants a preset dictionary makes the inflater return nothing, forever if asked. */
    @Test
    @Timeout(10)
    void compressedVariableWantingADictionaryIsRefusedNotLoopedOn() throws IOException {
        Deflater deflater = new Deflater();
        deflater.setDictionary(new byte[] {1, 2, 3});
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] z = new byte[200];
        int n = deflater.deflate(z);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(Arrays.copyOf(scipyPlain(), 128));
        file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(MatHeaders.COMPRESSED).putInt(n).array());
        file.write(z, 0, n);
        Path f = svhnFile(file.toByteArray());
        assertThat(svhnError(f)).hasMessage(f + ": the variable at byte 128 is cut short in its header (truncated or "
                + "damaged MAT file)");
    }

    @Test
    void sparseGigabytesAfterTheVariablesAreRefusedWithoutReadingThem() throws IOException {
        Path f = HostileFiles.sparse(dir.resolve("train_32x32.mat"), scipyPlain(), 3L << 30);
        assertThat(svhnError(f)).hasMessage(f + ": data element of type 0 at byte " + scipyPlain().length
                + ", expected a variable (miMATRIX 14 or miCOMPRESSED 15); damaged MAT file?");
    }

    @Test
    void objectsAreRefusedBecauseTheMatLibraryWouldReadThemUnfiltered() throws IOException {
        ByteBuffer matrix = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MatHeaders.MATRIX).putInt(40)
                .putInt(6).putInt(8).putInt(MatHeaders.OPAQUE_CLASS).putInt(0)
                .putInt((3 << 16) | 1).put("obj\0".getBytes(StandardCharsets.US_ASCII)) // name "obj", small element
                .putInt(1).putInt(8).putLong(0); // rest of the (never parsed) opaque body
        byte[] file = Arrays.copyOf(scipyPlain(), 128 + 48);
        System.arraycopy(matrix.array(), 0, file, 128, 48);
        Path f = svhnFile(file);
        assertThat(svhnError(f)).hasMessage(f + ": variable 'obj' is a MATLAB object (opaque class), which this "
                + "reader does not read; expected numeric arrays only");
    }

    @Test
    void otherFilesAreNamedForWhatTheyAre() throws IOException {
        byte[] header = Arrays.copyOf(scipyPlain(), 128);
        byte[] v73 = header.clone();
        System.arraycopy("MATLAB 7.3 MAT-file".getBytes(StandardCharsets.US_ASCII), 0, v73, 0, 19);
        Path f = svhnFile(v73);
        assertThat(svhnError(f)).hasMessageContaining("saved by MATLAB with -v7.3 (an HDF5 file)");
        byte[] noMark = header.clone();
        noMark[126] = 'X';
        assertThat(svhnError(svhnFile(noMark))).hasMessageContaining("no 'MI' endian mark");
        assertThat(svhnError(svhnFile(new byte[0]))).hasMessageContaining("not a MATLAB level-5 MAT file");
        Files.delete(f);
        Files.createDirectory(f);
        assertThat(svhnError(f)).hasMessage(f + ": is a directory, expected a file");
    }
}
