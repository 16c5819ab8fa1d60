package io.annals.command.idempotency;

import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The headers a stored answer keeps ({@code Location}, {@code ETag}), as one text column: name and value lines. */
final class ReplayedHeaders {

    private static final List<String> NAMES = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION);

    private ReplayedHeaders() {
    }

    /** @param header the value of a header by name, or null when the answer has none */
    static String encode(Function<String, String> header) {
        StringBuilder encoded = new StringBuilder();
        for (String name : NAMES) {
            String value = header.apply(name);
            if (value != null) {
                encoded.append(name).append('\n').append(value).append('\n');
            }
        }
        return encoded.toString();
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> headers = new TreeMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            String[] parts = encoded.split("\n");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                headers.put(parts[i], parts[i + 1]);
            }
        }
        return headers;
    }
}
