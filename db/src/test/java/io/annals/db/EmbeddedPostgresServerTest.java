package io.annals.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server the service runs on when no database is configured. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

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
        assertThat(dataDir).isEmptyDirectory();
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

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
