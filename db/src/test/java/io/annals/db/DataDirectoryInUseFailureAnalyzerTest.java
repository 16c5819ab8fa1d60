package io.annals.db;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A second instance on a data directory in use stops with a short report, not a stack trace. */
class DataDirectoryInUseFailureAnalyzerTest {

    @Test
    void theReportNamesTheDirectoryTheOwnerAndWhatToDo() {
        Path dataDir = Path.of("/srv/annals/data/postgres");
        DataDirectoryInUseException inUse = new DataDirectoryInUseException(dataDir, OptionalLong.of(4242));

        FailureAnalysis analysis = new DataDirectoryInUseFailureAnalyzer()
                .analyze(new BeanCreationException("embeddedPostgresServer", "failed", inUse));

        assertThat(analysis.getDescription()).contains(dataDir.toString()).contains("process 4242")
                .contains("/srv/annals/data/postgres.lock");
        assertThat(analysis.getAction()).contains("annals.embedded-postgres.data-dir");
    }

    @Test
    void springBootFindsIt() {
        // Boot's own analyzers need constructor arguments this plain lookup does not give: skip those
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, null, (type, name, failure) -> { }))
                .hasAtLeastOneElementOfType(DataDirectoryInUseFailureAnalyzer.class);
    }
}
