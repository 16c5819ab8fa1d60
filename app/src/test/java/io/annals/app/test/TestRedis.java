package io.annals.app.test;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The one Redis of a test JVM, started on first use: a Testcontainers {@code redis:7-alpine} container when a Docker
 * engine answers, else the {@code redis-server} binary (Debian package {@code redis-server}, which {@code .ci/run}
 * installs) on a free port in a temporary directory. The choice is logged. Both keep their data across
 * {@link #stop()} and {@link #start()} (append-only file, fsync'd on every write), as a real Redis restart would.
 */
public final class TestRedis {

    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);
    private static final String IMAGE = "redis:7-alpine";
    private static final int REDIS_PORT = 6379;
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final int port;
    private final Server server;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private interface Server {
        void start();

        void stop();
    }

    private TestRedis(int port, Server server) {
        this.port = port;
        this.server = server;
        server.start();
        this.client = RedisClient.create(url());
        await("Redis answering on port " + port).atMost(START_WAIT).ignoreExceptions()
                .until(() -> {
                    try (StatefulRedisConnection<String, String> probe = client.connect()) {
                        return "PONG".equals(probe.sync().ping());
                    }
                });
        this.connection = client.connect();
    }

    /** The JVM's Redis; starts it on the first call. */
    public static TestRedis instance() {
        return Holder.INSTANCE;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (its clients see connections refused) until {@link #start()}. */
    public void stop() {
        server.stop();
    }

    /** Starts the stopped server again, on the same port with the same data, and returns once it answers. */
    public void start() {
        server.start();
        await("Redis answering again").atMost(START_WAIT).ignoreExceptions()
                .until(() -> "PONG".equals(connection.sync().ping()));
    }

    /** Every entry of {@code stream}, oldest first. */
    public List<StreamMessage<String, String>> entries(String stream) {
        return connection.sync().xrange(stream, Range.create("-", "+"));
    }

    /** How many entries {@code stream} holds (0 while it does not exist). */
    public long length(String stream) {
        return connection.sync().xlen(stream);
    }

    /** The keys that start with {@code prefix}. */
    public List<String> keys(String prefix) {
        return connection.sync().keys(prefix + "*");
    }

    private static TestRedis launch() {
        int port = freePort();
        if (dockerAvailable()) {
            log.info("test Redis: Testcontainers {} on port {}", IMAGE, port);
            return new TestRedis(port, new Container(port));
        }
        log.info("test Redis: no Docker engine, the redis-server binary on port {}", port);
        return new TestRedis(port, new Binary(port));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.info("Docker detection failed ({}); using the redis-server binary", e.toString());
            return false;
        }
    }

    /** {@code redis-server} in a temporary directory, stopped with SIGTERM (it finishes its writes first). */
    private static final class Binary implements Server {

        private final int port;
        private final Path dir;
        private Process process;

        Binary(int port) {
            this.port = port;
            try {
                this.dir = Files.createTempDirectory("annals-test-redis");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-redis-stop"));
        }

        @Override
        public synchronized void start() {
            try {
                process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                        "--daemonize", "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                        .start();
            } catch (IOException missing) {
                throw new IllegalStateException("cannot start redis-server: install the Debian package redis-server "
                        + "(.ci/run does), or run a Docker engine for Testcontainers", missing);
            }
        }

        @Override
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** A container on a fixed host port, so clients find it again after a restart. */
    private static final class Container implements Server {

        private final GenericContainer<?> container;
        private boolean created;

        Container(int port) {
            container = new GenericContainer<>(IMAGE)
                    .withExposedPorts(REDIS_PORT)
                    .withCommand("redis-server", "--appendonly", "yes", "--appendfsync", "always")
                    .withCreateContainerCmdModifier(create -> create.getHostConfig().withPortBindings(
                            com.github.dockerjava.api.model.PortBinding.parse(port + ":" + REDIS_PORT)));
        }

        @Override
        public void start() {
            if (!created) {
                container.start();
                created = true;
            } else {
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            }
        }

        @Override
        public void stop() {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
        }
    }

    /** Lazy, thread-safe, once per JVM (class initialisation). */
    private static final class Holder {
        private static final TestRedis INSTANCE = launch();
    }
}
