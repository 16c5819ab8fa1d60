package io.annals.kernel;

import java.util.regex.Pattern;

/** The rules of a server-generated identifier (customers, orders): a UUID string, in either case. */
public final class ServerId {

    public static final String PATTERN =
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private ServerId() {
    }

    public static boolean isValid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
