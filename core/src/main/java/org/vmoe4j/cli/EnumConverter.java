package org.vmoe4j.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an enum option written the command-line way, {@code learned-image} for {@code LEARNED_IMAGE} (the constant's
 * name is accepted too, in any case), and says which values exist when the word is none of them.
 */
final class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    private EnumConverter(Class<E> type) {
        this.type = type;
    }

    /** Registers the converter of each enum type on the command line. */
    @SafeVarargs
    static void register(CommandLine cli, Class<? extends Enum<?>>... types) {
        for (Class<? extends Enum<?>> type : types) {
            registerOne(cli, type);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerOne(CommandLine cli, Class type) {
        cli.registerConverter(type, new EnumConverter(type));
    }

    /** The command-line word of a constant: lower case, dashes for underscores. */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(EnumConverter::word).collect(Collectors.joining(", ")) + " but was '" + value + "'");
    }
}
