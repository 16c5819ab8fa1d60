package io.annals.app.test;

import io.annals.AnnalsApplication;
import io.annals.db.test.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * An Annals instance in a JVM of its own (this JVM's class path) on the shared test database, which a test can kill
 * as the OOM killer or {@code kill -9} would; its log goes to a file.
 *
 * <p>The db test-jar is left off its class path: its initializer would start a database of the child's own.
 */
public final class AnnalsProcess implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private AnnalsProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts an instance with {@code --name=value} {@code arguments} and returns once it answers HTTP. */
    public static AnnalsProcess start(String... arguments) {
        TestDatabase database = TestDatabase.instance();
        int port = freePort();
        try {
            Path log = Files.createTempFile("annals-child-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true",
                    "-cp", classPathWithoutTestDatabase(), AnnalsApplication.class.getName(),
                    "--server.port=" + port,
                    "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password(),
                    "--annals.security.demo-users=true"));
            command.addAll(Arrays.asList(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            AnnalsProcess child = new AnnalsProcess(process, log, port);
            ApiClient api = child.api();
            await("child instance answering (log: " + log + ")").atMost(START_WAIT).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the child instance ended; its log:\n"
                                    + Files.readString(log));
                        }
                        return api.anonymous().get("/actuator/health/readiness").status() == 200;
                    });
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classPathWithoutTestDatabase() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').contains("/db/target/test-classes"))
                .filter(entry -> !entry.matches(".*[/\\\\]db-[^/\\\\]*-tests\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiClient api() {
        return ApiClient.onPort(port);
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown, its claims stay in the token store until they time out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, a graceful shutdown. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
