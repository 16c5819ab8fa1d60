package io.annals.db;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A second JVM that owns an embedded PostgreSQL data directory, as another Annals instance would (see
 * {@link OtherProcess}): starts the server on {@code args[0]}, prints {@value #READY} and the JDBC URL on standard
 * output, and stops the server when its standard input closes.
 */
final class DataDirectoryOwner {

    static final String READY = "READY ";

    private DataDirectoryOwner() {
    }

    public static void main(String[] args) throws IOException {
        // standard output carries the one READY line; everything logged goes to standard error
        PrintStream signal = System.out;
        System.setOut(System.err);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0)) {
            signal.println(READY + server.jdbcUrl());
            signal.flush();
            while (System.in.read() != -1) {
                // wait for the test to close our standard input (or kill us)
            }
        }
    }
}
