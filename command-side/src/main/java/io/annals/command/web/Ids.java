package io.annals.command.web;

import io.annals.kernel.ServerId;
import io.annals.kernel.error.EntityNotFoundException;

import java.util.UUID;

/** Server-generated identifiers: UUID strings. Anything else cannot name an entity, so it is a 404. */
public final class Ids {

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isUuid(String id) {
        return ServerId.isValid(id);
    }

    public static String requireUuid(String id, String kind) {
        if (!isUuid(id)) {
            throw new EntityNotFoundException("no " + kind + " " + id);
        }
        return id.toLowerCase();
    }
}
