package org.vmoe4j.cli;

import org.vmoe4j.UserError;
import org.vmoe4j.data.Datasets;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code --data} value's form (a known kind, a directory where the kind needs one) while the command line is
 * parsed, so a malformed spec is a usage error (exit 2) before any file is read or written.
 */
final class DataSpecCheck implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            Datasets.parse(value);
            return value;
        } catch (UserError e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
