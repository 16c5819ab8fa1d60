package io.annals.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.StringUtils;

/**
 * Turns a start on a data directory that another instance uses (typically a second {@code java -jar annals.jar} in
 * the same folder) into Spring Boot's short "APPLICATION FAILED TO START" report instead of a stack trace.
 */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(StringUtils.capitalize(cause.getMessage()) + ".",
                "Stop the other instance, or give this one its own data directory "
                        + "(annals.embedded-postgres.data-dir) or an external PostgreSQL (spring.datasource.url).",
                cause);
    }
}
