package io.annals.app.eventjson;

import io.annals.kernel.error.RuleViolationException;
import org.axonframework.eventhandling.EventMessage;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Event-type globs such as {@code Product*,Order*Completed}: {@code *} matches any run of characters, everything
 * else itself; an event matches when its {@link EventJson#typeOf type} matches one of them.
 */
public final class TypeGlobs {

    private static final Pattern GLOBS = Pattern.compile("[A-Za-z0-9*._$]+(,[A-Za-z0-9*._$]+)*");

    private final Pattern pattern;

    private TypeGlobs(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @param field named in the error, the request parameter or property the globs came from
     * @throws RuleViolationException naming {@code field} when {@code globs} are not comma-separated globs
     */
    public static TypeGlobs parse(String field, String globs) {
        if (globs == null || !GLOBS.matcher(globs).matches()) {
            throw new RuleViolationException(field, "must be comma-separated non-empty globs of the characters "
                    + "A-Z a-z 0-9 * . _ $, e.g. Product*,Order*Completed");
        }
        return new TypeGlobs(Pattern.compile(Arrays.stream(globs.split(","))
                .map(glob -> Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                        .collect(Collectors.joining(".*")))
                .collect(Collectors.joining("|"))));
    }

    public boolean matches(EventMessage<?> event) {
        return matches(EventJson.typeOf(event));
    }

    /** @param type an event type as {@link EventJson#typeOf} names it */
    public boolean matches(String type) {
        return pattern.matcher(type).matches();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
