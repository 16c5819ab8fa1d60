package io.annals.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A {@link DataDirectoryOwner} in its own JVM, with this JVM's class path; its log goes to a file. */
final class OtherProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String jdbcUrl;

    private OtherProcess(Process process, Path log, String jdbcUrl) {
        this.process = process;
        this.log = log;
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts it on {@code dataDir} and returns once its server accepts connections. */
    static OtherProcess owning(Path dataDir, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DataDirectoryOwner.class.getName(), dataDir.toString())
                .redirectError(log.toFile())
                .start();
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(DataDirectoryOwner.READY)) {
                return new OtherProcess(process, log, line.substring(DataDirectoryOwner.READY.length()).trim());
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the other process ended before its server was ready; its log:\n"
                + Files.readString(log));
    }

    long pid() {
        return process.pid();
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** SIGKILL, as the OOM killer or {@code kill -9} would: its PostgreSQL keeps running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Closes its standard input, upon which it stops its server and exits. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the other process did not stop; its log is " + log);
        }
    }
}
