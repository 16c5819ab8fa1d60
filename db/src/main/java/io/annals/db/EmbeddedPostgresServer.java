package io.annals.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server run from zonky's binaries, with a persistent data directory.
 *
 * <p>Guarantees: {@code fsync} and {@code synchronous_commit} are on, so a committed transaction survives a
 * crash; one process at a time owns a data directory (see {@link DataDirectoryLock}): a second start on it fails
 * naming the owner and leaves its server alone, while a postmaster whose owner died is stopped before the new one
 * starts; every connection needs the superuser's password (see {@link SuperuserPassword}); {@link #close()} shuts
 * the server down cleanly and frees the directory. zonky's own lifecycle is kept because it starts PostgreSQL under
 * {@code unshare -U} when the JVM runs as root, which PostgreSQL would otherwise refuse.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STALE_SERVER_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final SuperuserPassword password;
    private final DataDirectoryLock lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, SuperuserPassword password, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.password = password;
        this.lock = lock;
    }

    /** Starts a server on {@code dataDir} (created when absent) and {@code port} (0 = any free port). */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts a server on {@code dataDir} (created when absent) and {@code port} (0 = any free port) with
     * {@code serverConfig} over the defaults. Durability (fsync, synchronous commits, full-page writes) is not
     * negotiable, since the service acknowledges commands once PostgreSQL has committed them: naming one of those
     * settings is refused, as is any name or value that is not a plain word (the settings reach {@code pg_ctl} as one
     * command line, where a space or a quote could smuggle in another setting).
     *
     * @throws IllegalArgumentException    for a refused setting, naming it
     * @throws DataDirectoryInUseException when another process (or another server in this JVM) uses the directory;
     *                                     its server is left alone
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> serverConfig) {
        serverConfig.forEach(EmbeddedPostgresServer::checkSetting);
        Path dir = dataDir.toAbsolutePath().normalize();
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock the embedded PostgreSQL's data directory " + dir, e);
        }
        try {
            return start(dir, port, serverConfig, lock);
        } catch (IOException e) {
            closeQuietly(lock);
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    private static EmbeddedPostgresServer start(Path dir, int port, Map<String, String> serverConfig,
                                                DataDirectoryLock lock) throws IOException {
        Files.createDirectories(dir);
        stopOrphanedServer(dir);
        SuperuserPassword password = SuperuserPassword.forDataDirectory(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB");
        serverConfig.forEach((name, value) -> builder.setServerConfig(name.toLowerCase(Locale.ROOT), value));
        builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        Path initdbPasswordFile = password.applyTo(builder, dir.getParent(), dir);
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } finally {
            Files.deleteIfExists(initdbPasswordFile);
        }
        try {
            password.requireIfTrusted(postgres, dir);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new EmbeddedPostgresServer(postgres, password, lock);
    }

    private static final Set<String> DURABILITY = Set.of("fsync", "synchronous_commit", "full_page_writes");
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z][a-z0-9_.]*");
    private static final Pattern SETTING_VALUE = Pattern.compile("[A-Za-z0-9_.,:/+-]+");

    private static void checkSetting(String name, String value) {
        String normalised = name.toLowerCase(Locale.ROOT);
        if (DURABILITY.contains(normalised)) {
            throw new IllegalArgumentException("PostgreSQL setting " + name + " is fixed by Annals (durability)");
        }
        if (!SETTING_NAME.matcher(normalised).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL setting name: " + name);
        }
        if (value == null || !SETTING_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("PostgreSQL setting " + name
                    + " needs a plain value (letters, digits and _ . , : / + -)");
        }
    }

    /**
     * Starts a throw-away server in a fresh temporary directory (tests, benchmarks); it requires {@link #password()}
     * too, which is kept nowhere.
     */
    public static EmbeddedPostgresServer startTemporary() {
        try {
            SuperuserPassword password = SuperuserPassword.generate();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300");
            Path initdbPasswordFile = password.applyTo(builder, Path.of(System.getProperty("java.io.tmpdir")), null);
            try {
                return new EmbeddedPostgresServer(builder.start(), password, null);
            } finally {
                Files.deleteIfExists(initdbPasswordFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a temporary embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return SuperuserPassword.SUPERUSER;
    }

    /** The superuser's password, which every connection must give; never log it. */
    public String password() {
        return password.value();
    }

    /** Stops the server, then frees its data directory for another process. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            if (lock != null) {
                closeQuietly(lock);
            }
        }
    }

    private static void closeQuietly(DataDirectoryLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("could not release the data directory lock: {}", e.getMessage());
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running, holding the data directory. The caller holds the
     * directory's lock, which the OS freed when that JVM died: a live postmaster found here has no owner, so stop it.
     */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            log.info("removing stale {} left by an earlier run", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("stopping PostgreSQL (pid {}) left running on {} by an earlier run whose process is gone",
                process.pid(), dataDir);
        process.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, which checkpoints
        try {
            process.onExit().get(STALE_SERVER_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL pid " + process.pid() + " still holds " + dataDir, e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
