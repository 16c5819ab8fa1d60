package io.annals.app.feed;

import io.annals.app.eventjson.TypeGlobs;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.intake.IntakeCategory;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakeRules;
import org.axonframework.eventhandling.EventMessage;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which events a client asked for: event types matching one of its globs ({@code types}), and when {@code source} or
 * {@code category} is given, only intake events of that source and enriched category.
 *
 * @param types    the type globs; {@code null}: every type
 * @param source   an intake source id; {@code null}: any
 * @param category an enriched intake category; {@code null}: any
 */
record FeedFilter(TypeGlobs types, String source, IntakeCategory category) {

    static final FeedFilter ALL = new FeedFilter(null, null, null);

    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The filter of a request's {@code types}, {@code source} and {@code category}; 400 naming a bad one. */
    static FeedFilter of(String types, String source, String category) {
        return new FeedFilter(types == null ? null : TypeGlobs.parse("types", types),
                source == null ? null : sourceId(source), category == null ? null : category(category));
    }

    private static String sourceId(String source) {
        if (!SOURCE_ID.matcher(source).matches()) {
            throw new RuleViolationException("source", "must be a source id: 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        return source;
    }

    private static IntakeCategory category(String category) {
        try {
            return IntakeCategory.valueOf(category.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new RuleViolationException("category", "must be one of "
                    + Arrays.toString(IntakeCategory.values()));
        }
    }

    /** Whether the client asked for {@code event}. */
    boolean matches(EventMessage<?> event) {
        if (types != null && !types.matches(event)) {
            return false;
        }
        if (source == null && category == null) {
            return true;
        }
        return event.getPayload() instanceof IntakeEventAccepted accepted
                && (source == null || source.equals(accepted.sourceId()))
                && (category == null || category == IntakeRules.enrich(accepted).category());
    }
}
