package io.annals.kernel;

/** Aggregate versions on the wire: strong entity tags such as {@code "3"} (API.md). */
public final class Versions {

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
