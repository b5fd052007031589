package org.vmoe4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmoe4j.UserError;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * MATLAB level-5 MAT files through MFL ({@code us.hebi.matlab.mat:mfl-core}); turns the library's
 * exceptions into one-line UserErrors naming the file.
 */
final class MatFiles {
    private MatFiles() {
    }

    /** Opens and parses {@code file}; close the result when done. */
    static Mat5File open(Path file) {
        DataFiles.requireFile(file);
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = cause instanceof java.io.EOFException || cause instanceof java.nio.BufferUnderflowException
                    ? "truncated MAT file (ends in the middle of a variable)"
                    : "not a readable MATLAB level-5 MAT file (" + message(cause) + ")";
            throw new UserError(file + ": " + what, e);
        }
    }

    /** The numeric variable {@code var}; a UserError lists the variables present if it is missing. */
    static Matrix matrix(MatFile mat, Path file, String var) {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry e : mat.getEntries()) {
            names.add(e.getName());
            if (e.getName().equals(var)) {
                Array a = e.getValue();
                if (!(a instanceof Matrix m)) {
                    throw new UserError(file + ": variable '" + var + "' is a " + a.getType()
                            + ", expected a numeric array");
                }
                return m;
            }
        }
        throw new UserError(file + ": no variable '" + var + "' (the file has "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    /**
     * The values of a vector variable (any numeric class, 1xN or Nx1) as integers; each must be a
     * whole number in {@code [min, max]}.
     */
    static int[] intVector(MatFile mat, Path file, String var, int min, int max) {
        Matrix m = matrix(mat, file, var);
        int[] dims = m.getDimensions();
        if (dims.length != 2 || (dims[0] != 1 && dims[1] != 1)) {
            throw new UserError(file + ": variable '" + var + "' is " + shape(dims)
                    + ", expected a vector (1xN or Nx1)");
        }
        int n = m.getNumElements();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = m.getDouble(i);
            if (v != Math.rint(v) || v < min || v > max) {
                throw new UserError(file + ": " + var + "(" + (i + 1) + ") is " + v + ", expected a whole number in "
                        + min + ".." + max);
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** "32x32x3x73257". */
    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            sb.append(sb.length() == 0 ? "" : "x").append(d);
        }
        return sb.toString();
    }

    /** Closes without masking a failure that is already on its way. */
    static void closeQuietly(Mat5File mat) {
        try {
            mat.close();
        } catch (IOException | RuntimeException ignored) {
            // the data has been copied out; nothing to recover
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
