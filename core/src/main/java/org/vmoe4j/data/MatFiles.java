package org.vmoe4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmoe4j.UserError;
import org.vmoe4j.io.DeclaredSize;
import org.vmoe4j.io.Limit;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * MATLAB level-5 MAT files through MFL ({@code us.hebi.matlab.mat:mfl-core}). Before MFL reads a
 * file, {@link MatHeaders} reads every variable's header and checks its sizes against the file,
 * and the variables the reader needs are checked against what it expects ({@link Expect}: class,
 * shape, {@link Limit}s); MFL then reads only those variables. Turns the library's exceptions into
 * one-line UserErrors naming the file.
 */
final class MatFiles {
    private MatFiles() {
    }

    /**
     * What a reader needs of one variable.
     *
     * @param matlabClass the MATLAB class ("uint8", ...), or null for any numeric class
     * @param shape the dimensions, -1 standing for any extent of at least 1; null for a vector (1xN or Nx1)
     */
    record Expect(String name, String matlabClass, int[] shape) {
        /** A numeric vector of any class, with at most {@link Limit#IMAGES} elements (labels, image ids). */
        static Expect vector(String name) {
            return new Expect(name, null, null);
        }

        /** An array of class {@code matlabClass} and the given shape (-1: any extent). */
        static Expect array(String name, String matlabClass, int... shape) {
            return new Expect(name, matlabClass, shape);
        }
    }

    /**
     * Checks {@code file} and opens the {@code wanted} variables (only those); close the result when done.
     */
    static Mat5File open(Path file, Expect... wanted) {
        DataFiles.requireFile(file);
        List<MatHeaders.Variable> vars = MatHeaders.scan(file);
        for (MatHeaders.Variable v : vars) {
            if (v.matlabClass() == MatHeaders.OPAQUE_CLASS) {
                throw new UserError(file + ": variable '" + v.name() + "' is a MATLAB object (opaque class), which this "
                        + "reader does not read; expected numeric arrays only");
            }
        }
        Set<String> names = new HashSet<>();
        for (Expect e : wanted) {
            check(file, find(file, vars, e.name()), e);
            names.add(e.name());
        }
        try {
            Source source = Sources.openFile(file.toFile());
            try {
                return Mat5.newReader(source).setEntryFilter(header -> names.contains(header.getName())).readMat();
            } finally {
                source.close();
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = cause instanceof java.io.EOFException || cause instanceof java.nio.BufferUnderflowException
                    ? "truncated MAT file (ends in the middle of a variable)"
                    : "not a readable MATLAB level-5 MAT file (" + message(cause) + ")";
            throw new UserError(file + ": " + what, e);
        }
    }

    private static MatHeaders.Variable find(Path file, List<MatHeaders.Variable> vars, String name) {
        for (MatHeaders.Variable v : vars) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        List<String> names = vars.stream().map(MatHeaders.Variable::name).toList();
        throw new UserError(file + ": no variable '" + name + "' (the file has "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    /** Checks a variable's header against what the reader expects, before its data is read. */
    private static void check(Path file, MatHeaders.Variable v, Expect e) {
        String var = "variable '" + v.name() + "'";
        if (!v.numeric() || v.complex()) {
            throw new UserError(file + ": " + var + " is " + (v.complex() ? "complex " : "a ") + v.className()
                    + ", expected a real numeric array");
        }
        if (e.matlabClass() != null && !e.matlabClass().equals(v.className())) {
            throw new UserError(file + ": " + v.name() + " is " + v.className() + ", expected " + e.matlabClass());
        }
        int[] dims = v.dims();
        if (e.shape() == null) {
            if (dims.length != 2 || (dims[0] != 1 && dims[1] != 1)) {
                throw new UserError(file + ": " + var + " is " + DeclaredSize.shape(dims) + ", expected a vector (1xN or Nx1)");
            }
            DeclaredSize.atMost(file, var + "'s elements", v.elements(), Limit.IMAGES);
        } else if (!matches(dims, e.shape())) {
            throw new UserError(file + ": " + v.name() + " is " + DeclaredSize.shape(dims) + ", expected "
                    + DeclaredSize.shape(e.shape()).replace("-1", "N"));
        }
        DeclaredSize.atMost(file, var + "'s data bytes", v.dataBytes(), Limit.ARRAY_BYTES);
        DeclaredSize.atMost(file, var + "'s elements", v.elements(), Limit.ARRAY_BYTES);
    }

    private static boolean matches(int[] dims, int[] shape) {
        if (dims.length != shape.length) {
            return false;
        }
        for (int d = 0; d < dims.length; d++) {
            if (shape[d] == -1 ? dims[d] < 1 : dims[d] != shape[d]) {
                return false;
            }
        }
        return true;
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
