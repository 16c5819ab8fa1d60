package io.annals.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server the service runs on when no database is configured. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path folder;

    private Path dataDir;

    @BeforeEach
    void dataDirInTheFolder() {
        dataDir = folder.resolve("postgres");
    }

    @Test
    void dataSurvivesARestartAndTheServerRunsDurably() throws Exception {
        try (EmbeddedPostgresServer testSubject = EmbeddedPostgresServer.start(dataDir, 0)) {
            execute(testSubject, "CREATE TABLE kept (id INT); INSERT INTO kept VALUES (42)");
            assertThat(query(testSubject, "SHOW fsync")).isEqualTo("on");
            assertThat(query(testSubject, "SHOW synchronous_commit")).isEqualTo("on");
        }
        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(query(restarted, "SELECT id FROM kept")).isEqualTo("42");
        }
    }

    @Test
    void serverConfigTunesTheServer() throws Exception {
        try (EmbeddedPostgresServer testSubject = EmbeddedPostgresServer.start(dataDir, 0,
                Map.of("work_mem", "24MB", "Statement_Timeout", "90s"))) {
            assertThat(query(testSubject, "SHOW work_mem")).isEqualTo("24MB");
            assertThat(query(testSubject, "SHOW statement_timeout")).isEqualTo("90s");
            assertThat(query(testSubject, "SHOW fsync")).isEqualTo("on");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fsync | off",
            "fSync | off",
            "Synchronous_Commit | off",
            "full_page_writes | off",
            "work_mem | 24MB -c fsync=off",
            "work_mem | 24MB;fsync=off",
            "work_mem; | 24MB"})
    void settingsThatCouldWeakenDurabilityAreRefusedBeforeAnythingStarts(String name, String value) {
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0, Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aPidFileLeftByAKilledRunDoesNotStopTheNextStart() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir, 0)) {
            execute(first, "CREATE TABLE kept (id INT)");
        }
        // a run killed together with its PostgreSQL leaves postmaster.pid naming a process that no longer exists
        Files.writeString(dataDir.resolve("postmaster.pid"), deadPid() + "\n" + dataDir + "\n");

        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(query(next, "SELECT count(*) FROM kept")).isEqualTo("0");
        }
    }

    // --- one process per data directory ---

    @Test
    @Timeout(120)
    void aSecondStartOnADataDirectoryInUseFailsNamingItAndLeavesTheFirstServing() throws Exception {
        try (OtherProcess first = OtherProcess.owning(dataDir, folder.resolve("first.log"))) {

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(dataDir.toString())
                    .hasMessageContaining("process " + first.pid());

            try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), "postgres", storedPassword());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT 1")) {
                assertThat(result.next()).isTrue();
            }
        }
    }

    @Test
    void aSecondServerInTheSameProcessIsRefusedToo() {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("this process");
            assertThat(first.jdbcUrl()).isNotBlank();
        }
    }

    @Test
    @Timeout(120)
    void aPostmasterWhoseOwnerWasKilledIsStoppedByTheNextStart() throws Exception {
        long orphan;
        try (OtherProcess owner = OtherProcess.owning(dataDir, folder.resolve("owner.log"))) {
            try (Connection connection = DriverManager.getConnection(owner.jdbcUrl(), "postgres", storedPassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (7)");
            }
            orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            owner.kill();
        }
        assertThat(ProcessHandle.of(orphan)).as("PostgreSQL outlives its killed owner")
                .hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(query(next, "SELECT id FROM kept")).isEqualTo("7");
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
        }
    }

    // --- password ---

    @Test
    void aNewDataDirectoryRequiresAGeneratedPasswordKeptInItForItsOwnerOnly() throws Exception {
        try (EmbeddedPostgresServer testSubject = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(testSubject.password()).hasSize(32);
            assertThat(storedPassword()).isEqualTo(testSubject.password());
            assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve(SuperuserPassword.FILE_NAME))))
                    .isEqualTo("rw-------");
            assertThat(testSubject.jdbcUrl()).doesNotContain(testSubject.password());
            assertRefusedWithoutPassword(testSubject.jdbcUrl());
            assertThat(query(testSubject, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void aDataDirectoryFromBeforePasswordsGetsOneAndRequiresIt() throws Exception {
        // what earlier Annals versions left: a cluster that trusts every local connection, and no password file
        try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection connection = DriverManager.getConnection(trusting.getJdbcUrl("postgres", "postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (3)");
        }

        String password;
        try (EmbeddedPostgresServer migrated = EmbeddedPostgresServer.start(dataDir, 0)) {
            password = migrated.password();
            assertThat(storedPassword()).isEqualTo(password);
            assertRefusedWithoutPassword(migrated.jdbcUrl());
            assertThat(query(migrated, "SELECT id FROM kept")).isEqualTo("3");
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(restarted.password()).isEqualTo(password);
            assertRefusedWithoutPassword(restarted.jdbcUrl());
            assertThat(query(restarted, "SELECT id FROM kept")).isEqualTo("3");
        }
    }

    @Test
    void aDataDirectoryThatLostItsPasswordFileSaysSoInsteadOfWaitingForAServerThatRefusesIt() throws Exception {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(first.password()).isNotBlank();
        }
        Files.delete(dataDir.resolve(SuperuserPassword.FILE_NAME));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.resolve(SuperuserPassword.FILE_NAME) + ", where Annals keeps it, is missing");
        assertThat(dataDir.resolve(SuperuserPassword.FILE_NAME)).doesNotExist();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aTemporaryServerRequiresItsPasswordToo() throws Exception {
        try (EmbeddedPostgresServer testSubject = EmbeddedPostgresServer.startTemporary()) {
            assertRefusedWithoutPassword(testSubject.jdbcUrl());
            assertThat(query(testSubject, "SELECT 1")).isEqualTo("1");
        }
    }

    private String storedPassword() throws Exception {
        return Files.readString(dataDir.resolve(SuperuserPassword.FILE_NAME)).strip();
    }

    private static void assertRefusedWithoutPassword(String jdbcUrl) {
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, "postgres", "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = connect(server);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = connect(server);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }
}
