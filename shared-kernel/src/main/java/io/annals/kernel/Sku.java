package io.annals.kernel;

import java.util.regex.Pattern;

/** The rules of a client-chosen stock keeping unit. */
public final class Sku {

    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Sku() {
    }

    public static boolean isValid(String sku) {
        return sku != null && COMPILED.matcher(sku).matches();
    }
}
