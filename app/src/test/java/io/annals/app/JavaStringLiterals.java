package io.annals.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The string literals (text blocks included) of a Java source file, for {@link TableOwnershipTest}. Written by hand
 * because the test needs only literals, and a Java parser library for that would be a dependency for one test; the
 * lexing skips comments (Javadoc names tables freely) and character literals (so {@code '"'} opens no string).
 * Escapes are kept as written, which does not matter for finding identifiers.
 */
final class JavaStringLiterals {

    private JavaStringLiterals() {
    }

    static List<String> of(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                i = endOf(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, "*/", i + 2);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, "\"\"\"", i + 3);
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (source.charAt(i) == '"') {
                int end = closing(source, "\"", i + 1);
                literals.add(source.substring(i + 1, end));
                i = end + 1;
            } else if (source.charAt(i) == '\'') {
                i = closing(source, "'", i + 1) + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** The index just past {@code terminator}, or the end of the source. */
    private static int endOf(String source, String terminator, int from) {
        int at = source.indexOf(terminator, from);
        return at < 0 ? source.length() : at + terminator.length();
    }

    /** The index of the unescaped {@code quote} that closes a literal opened before {@code from}. */
    private static int closing(String source, String quote, int from) {
        int i = from;
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= source.length()) {
            throw new IllegalArgumentException("unclosed literal from index " + from);
        }
        return i;
    }
}
