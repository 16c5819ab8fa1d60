package io.annals.app.deadline;

import org.springframework.stereotype.Component;

import java.util.UUID;

/** Tells the application instances (Spring contexts) of one test JVM apart: one random id per context. */
@Component
public class InstanceId {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
