package io.annals.db;

import java.nio.file.Path;
import java.util.OptionalLong;

/** The embedded PostgreSQL's data directory belongs to another running process (or another server in this JVM). */
public class DataDirectoryInUseException extends IllegalStateException {

    private final transient Path dataDir;
    private final transient OptionalLong holderPid;

    DataDirectoryInUseException(Path dataDir, OptionalLong holderPid) {
        super("the embedded PostgreSQL data directory " + dataDir + " is in use by "
                + (holderPid.isPresent() ? describe(holderPid.getAsLong()) : "another process")
                + " (it holds " + DataDirectoryLock.lockFile(dataDir) + "); only one process may use a data directory");
        this.dataDir = dataDir;
        this.holderPid = holderPid;
    }

    private static String describe(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return "this process (pid " + pid + ")";
        }
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse(null);
        return "process " + pid + (command != null ? " (" + abbreviate(command) + ")" : "");
    }

    /** A java command line carries the whole class path; its start and end say enough. */
    private static String abbreviate(String commandLine) {
        return commandLine.length() <= 160 ? commandLine
                : commandLine.substring(0, 80) + " … " + commandLine.substring(commandLine.length() - 70);
    }

    public Path dataDir() {
        return dataDir;
    }

    public OptionalLong holderPid() {
        return holderPid;
    }
}
