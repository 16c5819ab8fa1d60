package io.annals.app.test;

import io.annals.AnnalsApplication;
import io.annals.db.test.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * An Annals instance in a JVM of its own (a child process of the test JVM) on the shared test database, for tests
 * that must kill an instance the hard way ({@code kill -9}), which a Spring context inside the test JVM cannot show.
 * Its class path is the test JVM's without test classes and test jars (so no test hook, and no second test database,
 * runs in it); its output goes to {@code target/child-<port>.log}.
 */
public final class ChildInstance {

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Process process;
    private final int port;

    private ChildInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts an instance with {@code --name=value} {@code arguments} and waits until it is ready. */
    public static ChildInstance start(String... arguments) {
        TestDatabase database = TestDatabase.instance();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", applicationClassPath(),
                AnnalsApplication.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--annals.security.demo-users=true"));
        command.addAll(Arrays.asList(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/child-" + port + ".log"))
                    .start();
            ChildInstance child = new ChildInstance(process, port);
            ApiClient api = child.api();
            await("child instance on port " + port + " ready").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the child instance exited: see target/child-" + port
                                    + ".log");
                        }
                        try {
                            return api.get("/actuator/health/readiness").status() == 200;
                        } catch (RuntimeException notListeningYet) {
                            return false;
                        }
                    });
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiClient api() {
        return ApiClient.onPort(port);
    }

    /** {@code kill -9}: no shutdown hook, no claim released, no transaction finished. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A graceful stop (SIGTERM): the instance releases its claims, as the instances after it expect. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STARTUP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String applicationClassPath() {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
