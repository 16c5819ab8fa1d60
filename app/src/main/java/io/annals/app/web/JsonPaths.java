package io.annals.app.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Names the offending member of a JSON body as API.md's {@code errors[].field} wants it: {@code lines[0].quantity}. */
final class JsonPaths {

    private JsonPaths() {
    }

    /** {@code lines[0].quantity} from the parser's position. */
    static String of(TokenStreamContext position) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext context = position; context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inArray()) {
                segments.addFirst("[" + context.getCurrentIndex() + "]");
            } else if (context.currentName() != null) {
                segments.addFirst("." + context.currentName());
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** {@code lines[0].quantity} from Jackson's reference chain. */
    static String of(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
