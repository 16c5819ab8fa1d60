package io.annals.app.processor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The name this application instance claims work under: event-processor segments ({@code token_entry.owner}) and
 * running deadlines ({@code scheduled_tasks.picked_by}). Host and process id for the operator, plus a random part,
 * because two instances must never share a name: Axon's default ({@code pid@host}) is the same for two application
 * contexts in one JVM, which then both "own" every segment and handle each event twice.
 */
public record NodeName(String value) {

    private static final int RANDOM_PART_LENGTH = 8;

    static NodeName ofThisInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return new NodeName(host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, RANDOM_PART_LENGTH));
    }
}
