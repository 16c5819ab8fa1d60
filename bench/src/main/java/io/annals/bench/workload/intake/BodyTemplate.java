package io.annals.bench.workload.intake;

import java.nio.charset.StandardCharsets;

/**
 * A request body serialized before the measured phase, sent again and again with fresh event ids: every
 * {@code event_id} in it carries a fixed-width placeholder that {@link #render} overwrites with the round number.
 * Rendering is an array copy plus a few thousand byte writes, so the load generator spends its share of the two
 * cores on HTTP, not on JSON, while it measures.
 */
final class BodyTemplate {

    static final int ROUND_DIGITS = 7;
    static final String PLACEHOLDER = "#".repeat(ROUND_DIGITS);
    static final long MAX_ROUNDS = 10_000_000L;

    private final byte[] body;
    private final int[] placeholderOffsets;
    private final BodyPlan plan;

    /** @param body the serialized body; {@link #PLACEHOLDER} may occur nowhere but in event ids */
    BodyTemplate(byte[] body, BodyPlan plan) {
        this.body = body;
        this.placeholderOffsets = placeholderOffsets(body);
        this.plan = plan;
    }

    BodyPlan plan() {
        return plan;
    }

    int size() {
        return body.length;
    }

    /** The body with every placeholder replaced by {@code round}, zero-padded. */
    byte[] render(long round) {
        if (round < 0 || round >= MAX_ROUNDS) {
            throw new IllegalArgumentException("round out of range: " + round);
        }
        byte[] digits = String.format("%0" + ROUND_DIGITS + "d", round).getBytes(StandardCharsets.US_ASCII);
        byte[] copy = body.clone();
        for (int offset : placeholderOffsets) {
            System.arraycopy(digits, 0, copy, offset, ROUND_DIGITS);
        }
        return copy;
    }

    private static int[] placeholderOffsets(byte[] body) {
        int[] offsets = new int[16];
        int count = 0;
        int run = 0;
        for (int i = 0; i < body.length; i++) {
            run = body[i] == '#' ? run + 1 : 0;
            if (run == ROUND_DIGITS) {
                if (count == offsets.length) {
                    offsets = java.util.Arrays.copyOf(offsets, count * 2);
                }
                offsets[count++] = i - ROUND_DIGITS + 1;
                run = 0;
            }
        }
        return java.util.Arrays.copyOf(offsets, count);
    }
}
