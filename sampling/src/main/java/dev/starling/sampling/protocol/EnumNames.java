package dev.starling.sampling.protocol;

import java.util.Locale;

/** Parsing and printing the lower-case names that switches take on the command line. */
public final class EnumNames {
    private EnumNames() {
    }

    /**
     * @param type the enum
     * @param text a constant's name, any case, spaces around ignored
     * @param <E>  the enum type
     * @return the constant
     * @throws IllegalArgumentException naming the accepted values
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E v : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(label(v));
            }
            throw new IllegalArgumentException(type.getSimpleName().toLowerCase(Locale.ROOT) + " must be one of "
                    + names + ", not '" + text + "'", e);
        }
    }

    /** @param value a constant @return its lower-case name */
    public static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
