package io.annals.command.idempotency;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two requests with one Idempotency-Key "the same request": the SHA-256 of the body as canonical JSON
 * (members sorted, no white space), so member order and formatting do not matter; of the raw bytes if it is not JSON.
 *
 * <p>The canonical form is written by hand, not with Jackson's {@code JsonNodeFeature.WRITE_PROPERTIES_SORTED}: the
 * mapper's write settings (plain decimals, for one) would change the form, and with it the fingerprints of keys
 * already stored, which would turn a client's retry across an upgrade into a 422.
 */
final class RequestFingerprint {

    private final JsonMapper json;

    RequestFingerprint(JsonMapper json) {
        this.json = json;
    }

    String of(byte[] body) {
        byte[] canonical;
        try {
            StringBuilder text = new StringBuilder();
            canonicalize(json.readTree(body), text);
            canonical = text.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            canonical = body;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void canonicalize(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = sorted.entrySet().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(StringNode.valueOf(field.getKey())).append(':');
                canonicalize(field.getValue(), out);
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonicalize(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
