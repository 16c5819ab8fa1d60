package io.annals.kernel.customer;

import java.util.regex.Pattern;

/** Rules for customer data (API.md). */
public final class CustomerLimits {

    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_NAME_LENGTH = 200;
    /** A pragmatic address check: one {@code @}, a dot in the domain, no spaces. */
    public static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    private static final Pattern EMAIL = Pattern.compile(EMAIL_PATTERN);

    private CustomerLimits() {
    }

    public static boolean isValidEmail(String email) {
        return email != null && email.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(email).matches();
    }
}
