package io.annals.kernel.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The intake pipeline's classification and transformation rules (seed 002), pure functions in one place: the
 * enrichment processor and the live feed apply the same rules, and the README shows them as a table.
 *
 * <p><b>Classification.</b> Four factors each vote for at most one category with their seed weight (in points out
 * of 100, integers so that ties are exact): priority 30 (CRITICAL → ALERT, HIGH → SYSTEM), load indicator 25
 * (&gt; 0.8 → MONITORING, &gt; 0.5 → SYSTEM), metadata complexity 25 (≥ 0.5 → TRANSACTION) and the source name 20
 * (contains, ignoring case, {@code alert} → ALERT, else {@code monitor} → MONITORING, else {@code system} → SYSTEM,
 * else {@code user} → USER). The category with the most points wins; a tie goes to the more severe category
 * (ALERT, MONITORING, TRANSACTION, SYSTEM, USER); without any vote the event is USER. CRITICAL is ALERT whatever
 * the other factors say.
 *
 * <p><b>Confidence</b> is the winner's points / 100: the share of all the evidence that points at the category
 * (1.0 for CRITICAL, 0.0 for an unvoted USER). Dividing by all weights rather than by the voters' only keeps a
 * single weak hint (a source name alone) from claiming full confidence.
 *
 * <p><b>Risk</b> = ¼ priority + ¼ load + ¼ complexity + ¼ category bonus, each term in 0..1, rounded to 4 decimals.
 * <b>Anomaly</b>: risk ≥ 0.75, or CRITICAL with a load indicator below 0.2, or metadata at ¾ of a limit (depth ≥ 12
 * of 16, size ≥ 48 KiB of 64 KiB). <b>Signature</b>: the first 16 hex digits of the payload's SHA-256.
 *
 * <p>{@link #enrich} runs for every event in a projection and again for every live-feed client, so it allocates
 * nothing but its result and the signature's bytes: no regular expressions, no lower-casing of the source id.
 */
public final class IntakeRules {

    /** Factor weights in points out of {@link #TOTAL_WEIGHT} (seed 002: 30 %, 25 %, 25 %, 20 %). */
    static final int PRIORITY_WEIGHT = 30;
    static final int LOAD_WEIGHT = 25;
    static final int COMPLEXITY_WEIGHT = 25;
    static final int SOURCE_WEIGHT = 20;
    static final int TOTAL_WEIGHT = PRIORITY_WEIGHT + LOAD_WEIGHT + COMPLEXITY_WEIGHT + SOURCE_WEIGHT;

    /** Load above this votes MONITORING, above {@link #BUSY_LOAD} SYSTEM (strictly above, as the seed says). */
    static final double OVERLOAD = 0.8;
    static final double BUSY_LOAD = 0.5;

    /** Complexity from which the metadata votes TRANSACTION. */
    static final double TRANSACTION_COMPLEXITY = 0.5;

    /** Complexity points: one per field, four per nesting level and per container, each part capped at 20. */
    private static final int FIELD_CAP = 20;
    private static final int DEPTH_CAP = 5;
    private static final int CONTAINER_CAP = 5;
    private static final int POINTS_PER_LEVEL = 4;
    private static final int POINTS_PER_CONTAINER = 4;
    private static final int COMPLEXITY_POINTS = FIELD_CAP + DEPTH_CAP * POINTS_PER_LEVEL + CONTAINER_CAP * POINTS_PER_CONTAINER;

    /** Anomaly thresholds: risk, CRITICAL-while-idle, and ¾ of the API's metadata limits (16 levels, 64 KiB). */
    static final double ANOMALOUS_RISK = 0.75;
    static final double IDLE_LOAD = 0.2;
    static final int DEEP_METADATA = 12;
    static final int LARGE_METADATA_BYTES = 48 * 1024;

    /** Hex digits of the SHA-256 kept as the signature: 64 bits, plenty to tell payloads apart at a glance. */
    static final int SIGNATURE_HEX_DIGITS = 16;

    /** Most severe first: the order of ties, of the source-name keywords and of the risk bonus. */
    private static final IntakeCategory[] BY_SEVERITY = {
            IntakeCategory.ALERT, IntakeCategory.MONITORING, IntakeCategory.TRANSACTION, IntakeCategory.SYSTEM,
            IntakeCategory.USER};

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // MessageDigest is not thread-safe and creating one per event costs a provider look-up; one per thread is reused
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(IntakeRules::newSha256);

    private IntakeRules() {
    }

    /** Classifies and enriches an accepted event. */
    public static IntakeEnrichment enrich(IntakeEventAccepted event) {
        IntakePriority priority = event.priority() == null ? IntakePriority.MEDIUM : event.priority();
        // JSON cannot carry NaN, but a NaN must not leak into the risk: it counts as no load indicator at all
        boolean loadKnown = event.loadIndicator() != null && !event.loadIndicator().isNaN();
        double load = loadKnown ? Math.max(0.0, Math.min(1.0, event.loadIndicator())) : 0.0;
        MetadataShape metadata = event.metadata() == null ? MetadataShape.NONE : event.metadata();
        double complexity = complexity(metadata);

        IntakeCategory category;
        double confidence;
        if (priority == IntakePriority.CRITICAL) {
            category = IntakeCategory.ALERT;
            confidence = 1.0;
        } else {
            IntakeCategory byPriority = priority == IntakePriority.HIGH ? IntakeCategory.SYSTEM : null;
            IntakeCategory byLoad = load > OVERLOAD ? IntakeCategory.MONITORING
                    : load > BUSY_LOAD ? IntakeCategory.SYSTEM : null;
            IntakeCategory byComplexity = complexity >= TRANSACTION_COMPLEXITY ? IntakeCategory.TRANSACTION : null;
            IntakeCategory bySource = bySourceName(event.sourceId());

            category = IntakeCategory.USER;
            int best = 0;
            for (IntakeCategory candidate : BY_SEVERITY) {
                int points = (byPriority == candidate ? PRIORITY_WEIGHT : 0) + (byLoad == candidate ? LOAD_WEIGHT : 0)
                        + (byComplexity == candidate ? COMPLEXITY_WEIGHT : 0) + (bySource == candidate ? SOURCE_WEIGHT : 0);
                if (points > best) { // strictly: on a tie the more severe category, met first, stays
                    category = candidate;
                    best = points;
                }
            }
            confidence = (double) best / TOTAL_WEIGHT;
        }

        double risk = riskScore(priority, load, complexity, category);
        boolean anomaly = risk >= ANOMALOUS_RISK
                || priority == IntakePriority.CRITICAL && loadKnown && load < IDLE_LOAD
                || metadata.depth() >= DEEP_METADATA || metadata.bytes() >= LARGE_METADATA_BYTES;
        return new IntakeEnrichment(category, confidence, risk, anomaly, signature(event.payload()));
    }

    /**
     * How complex the metadata's shape is, 0..1: points out of 60 — one per field (at most 20), four per nesting
     * level (at most 5 levels) and four per nested object or array (at most 5). Values are never looked at.
     */
    public static double complexity(MetadataShape shape) {
        if (shape == null) {
            return 0.0;
        }
        int points = capped(shape.fields(), FIELD_CAP)
                + capped(shape.depth(), DEPTH_CAP) * POINTS_PER_LEVEL
                + capped(shape.containers(), CONTAINER_CAP) * POINTS_PER_CONTAINER;
        return (double) points / COMPLEXITY_POINTS;
    }

    /**
     * ¼ priority (LOW 0, MEDIUM ⅓, HIGH ⅔, CRITICAL 1) + ¼ load (absent 0) + ¼ complexity + ¼ the category's bonus
     * (USER 0, SYSTEM ¼, TRANSACTION ½, MONITORING ¾, ALERT 1), rounded to 4 decimals so that a hand computation and
     * the threshold of {@link #ANOMALOUS_RISK} agree. Each term lies in 0..1 ({@link #enrich} clamps the load,
     * {@link #complexity} is capped), so the sum does too.
     */
    static double riskScore(IntakePriority priority, double load, double complexity, IntakeCategory category) {
        double risk = 0.25 * priorityTerm(priority) + 0.25 * load + 0.25 * complexity + 0.25 * categoryBonus(category);
        return Math.round(risk * 10_000) / 10_000.0;
    }

    /** The first 16 hex digits (lower case) of the SHA-256 of the payload's UTF-8 bytes: same payload, same value. */
    public static String signature(String payload) {
        Objects.requireNonNull(payload, "an accepted event always carries its payload");
        byte[] hash = SHA_256.get().digest(payload.getBytes(StandardCharsets.UTF_8));
        char[] hex = new char[SIGNATURE_HEX_DIGITS];
        for (int i = 0; i < SIGNATURE_HEX_DIGITS / 2; i++) {
            hex[2 * i] = HEX[(hash[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[hash[i] & 0xF];
        }
        return new String(hex);
    }

    /** The source-name vote: the first keyword, most severe first, that the source id contains, ignoring case. */
    private static IntakeCategory bySourceName(String sourceId) {
        if (sourceId == null) {
            return null;
        }
        if (containsIgnoringCase(sourceId, "alert")) {
            return IntakeCategory.ALERT;
        }
        if (containsIgnoringCase(sourceId, "monitor")) {
            return IntakeCategory.MONITORING;
        }
        if (containsIgnoringCase(sourceId, "system")) {
            return IntakeCategory.SYSTEM;
        }
        if (containsIgnoringCase(sourceId, "user")) {
            return IntakeCategory.USER;
        }
        return null;
    }

    // regionMatches compares in place: no lower-cased copy of the id per event (source ids are at most 64 chars)
    private static boolean containsIgnoringCase(String text, String keyword) {
        for (int from = 0; from <= text.length() - keyword.length(); from++) {
            if (text.regionMatches(true, from, keyword, 0, keyword.length())) {
                return true;
            }
        }
        return false;
    }

    private static int capped(int value, int cap) {
        return Math.max(0, Math.min(value, cap));
    }

    // spelled out rather than derived from the enum's order, which nobody should have to keep in mind
    private static double priorityTerm(IntakePriority priority) {
        return switch (priority) {
            case LOW -> 0.0;
            case MEDIUM -> 1.0 / 3;
            case HIGH -> 2.0 / 3;
            case CRITICAL -> 1.0;
        };
    }

    /** A step of ¼ per rank in the severity order, so a more severe category never lowers the risk. */
    private static double categoryBonus(IntakeCategory category) {
        return switch (category) {
            case ALERT -> 1.0;
            case MONITORING -> 0.75;
            case TRANSACTION -> 0.5;
            case SYSTEM -> 0.25;
            case USER -> 0.0;
        };
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
