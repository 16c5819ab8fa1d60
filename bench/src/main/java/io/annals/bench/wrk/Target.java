package io.annals.bench.wrk;

import java.util.Locale;

/** The two services of the comparison, and where their product APIs differ. */
public enum Target {

    /** Annals: HTTP Basic on every API call, a price on every product, {@code ?minVersion=} on reads. */
    ANNALS,
    /** {@code ../shared/peers/vanilla-axon}: Axon 4 + Spring Boot + JPA, no security, no price. */
    VANILLA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Target named(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    String registerBody(String sku, long initialStock) {
        String price = this == ANNALS ? ",\"price\":{\"amount\":\"12.50\",\"currency\":\"EUR\"}" : "";
        return String.format(Locale.ROOT, "{\"sku\":\"%s\",\"name\":\"Benchmark product %s\",\"initialStock\":%d%s}",
                sku, sku, initialStock, price);
    }

    /** A read of the product that answers 200 once the read model has it. */
    String visiblePath(String sku) {
        return "/api/products/" + sku + (this == ANNALS ? "?minVersion=0" : "");
    }
}
