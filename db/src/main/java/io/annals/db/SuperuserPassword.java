package io.annals.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The password of the embedded PostgreSQL's superuser, which every connection must give ({@code scram-sha-256}):
 * generated at random for a new data directory and kept in it, in {@value #FILE_NAME}, readable by its owner only.
 * It is never logged.
 *
 * <p>A data directory initialised before Annals set passwords trusts every local connection; its first start with
 * this class sets the password over that trusted connection, then turns {@code trust} into {@code scram-sha-256} in
 * {@code pg_hba.conf} and reloads it.
 */
final class SuperuserPassword {

    /** The file in the data directory that keeps the password. */
    static final String FILE_NAME = "annals-password";
    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(SuperuserPassword.class);
    private static final String METHOD = "scram-sha-256";
    private static final int LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern TRUST = Pattern.compile("(?<=\\s)trust(?=\\s|#|$)");

    private final String value;

    private SuperuserPassword(String value) {
        this.value = value;
    }

    /**
     * The password kept in {@code dataDir}, or a new one (stored by {@link #applyTo}) when it keeps none yet: a new
     * directory, or one from before Annals set passwords.
     *
     * @throws IllegalStateException when the directory's cluster requires a password but the file is gone
     */
    static SuperuserPassword forDataDirectory(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            if (Files.exists(dataDir.resolve("postgresql.conf")) && !trustsSomeConnections(dataDir)) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dataDir + " requires a password, but "
                        + file + ", where Annals keeps it, is missing: restore it");
            }
            return generate();
        }
        String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (stored.isEmpty()) {
            throw new IllegalStateException(file + " is empty: it should hold the password of the embedded "
                    + "PostgreSQL's superuser");
        }
        return new SuperuserPassword(stored);
    }

    static SuperuserPassword generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new SuperuserPassword(password.toString());
    }

    String value() {
        return value;
    }

    /**
     * Makes zonky's server require this password: {@code initdb} (which runs on a new data directory only) sets it
     * and password authentication, and zonky's readiness check gives it. When {@code keepIn} is not null, the password
     * is stored there once {@code initdb} has created the directory (it refuses one that is not empty), before the
     * server starts.
     *
     * @return the file {@code initdb} reads the password from: delete it once the server has started
     */
    Path applyTo(EmbeddedPostgres.Builder builder, Path scratchDir, Path keepIn) throws IOException {
        Path initdbPasswordFile = Files.createTempFile(scratchDir, ".annals-initdb-", ".pw", ownerOnly());
        Files.writeString(initdbPasswordFile, value + "\n", StandardCharsets.UTF_8);
        // zonky 2.x runs "initdb -A trust" and offers no option for further initdb arguments, except that it passes
        // each "locale config" entry as --name=value; initdb takes the last --auth it is given
        builder.setLocaleConfig("auth", METHOD)
                .setLocaleConfig("pwfile", initdbPasswordFile.toString())
                .setConnectConfig("password", value);
        if (keepIn != null) {
            builder.setDataDirectoryCustomizer(initialised -> storeIfAbsent(keepIn));
        }
        return initdbPasswordFile;
    }

    private void storeIfAbsent(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return;
        }
        try {
            Path written = Files.createTempFile(dataDir, FILE_NAME, ".tmp", ownerOnly());
            Files.writeString(written, value + "\n", StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the PostgreSQL password in " + file, e);
        }
    }

    /**
     * Sets this password and requires it when {@code pg_hba.conf} of the running server on {@code dataDir} still
     * trusts some connections (a data directory initialised before Annals set passwords). Repeated at every start
     * until {@code pg_hba.conf} trusts nothing, so a run interrupted half-way is completed by the next.
     */
    void requireIfTrusted(EmbeddedPostgres server, Path dataDir) throws IOException {
        if (!trustsSomeConnections(dataDir)) {
            return;
        }
        Path hba = dataDir.resolve("pg_hba.conf");
        List<String> required = Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .map(SuperuserPassword::withoutTrust).toList();
        log.info("the embedded PostgreSQL in {} trusted every local connection: setting a password for {} (kept in "
                + "{}) and requiring it", dataDir, SUPERUSER, dataDir.resolve(FILE_NAME));
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        credentials.setProperty("password", value);
        try (Connection connection = DriverManager.getConnection(server.getJdbcUrl(SUPERUSER, "postgres"),
                credentials);
             Statement statement = connection.createStatement()) {
            // the password is drawn from letters and digits only, so it is safe inside the literal
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + value + "'");
            Path written = Files.createTempFile(dataDir, "pg_hba", ".tmp", ownerOnly());
            Files.write(written, required, StandardCharsets.UTF_8);
            Files.move(written, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the password of the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static boolean trustsSomeConnections(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .anyMatch(line -> !withoutTrust(line).equals(line));
    }

    private static String withoutTrust(String line) {
        String content = line.strip();
        if (content.isEmpty() || content.startsWith("#")) {
            return line;
        }
        return TRUST.matcher(line).replaceAll(METHOD);
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    @Override
    public String toString() {
        return "SuperuserPassword[****]";
    }
}
