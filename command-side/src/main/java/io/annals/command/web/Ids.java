package io.annals.command.web;

import io.annals.kernel.error.EntityNotFoundException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Server-generated identifiers: UUID strings. Anything else cannot name an entity, so it is a 404. */
public final class Ids {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isUuid(String id) {
        return id != null && UUID_TEXT.matcher(id).matches();
    }

    public static String requireUuid(String id, String kind) {
        if (!isUuid(id)) {
            throw new EntityNotFoundException("no " + kind + " " + id);
        }
        return id.toLowerCase();
    }
}
