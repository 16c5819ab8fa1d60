package io.annals.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of the service, its PostgreSQL and this load generator, read from Linux's {@code /proc/<pid>/stat}.
 *
 * <p>PostgreSQL is a postmaster plus one process per connection; its CPU is the sum over every {@code postgres}
 * process under the given roots, plus the roots' reaped-children time, so backends that exit during a run are not
 * lost. When no PostgreSQL pid is given, the {@code postgres} processes below the service's pid are used (the
 * embedded PostgreSQL is the service's child).
 */
public final class ProcessCpu {

    private static final Path PROC = Path.of("/proc");
    /** The kernel's USER_HZ; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final OptionalLong servicePid;
    private final List<Long> postgresRoots;

    private ProcessCpu(OptionalLong servicePid, List<Long> postgresRoots) {
        this.servicePid = servicePid;
        this.postgresRoots = postgresRoots;
    }

    /** A snapshot of the cumulative CPU seconds; a component is empty when it cannot be read. */
    public record Sample(Optional<Double> service, Optional<Double> postgres, double loadGenerator) {

        public Sample minus(Sample earlier) {
            return new Sample(subtract(service, earlier.service), subtract(postgres, earlier.postgres),
                    loadGenerator - earlier.loadGenerator);
        }

        /** The sum of two spans' CPU, e.g. a run and the work it left behind. */
        public Sample plus(Sample other) {
            return new Sample(add(service, other.service), add(postgres, other.postgres),
                    loadGenerator + other.loadGenerator);
        }

        private static Optional<Double> add(Optional<Double> a, Optional<Double> b) {
            return a.isPresent() && b.isPresent() ? Optional.of(a.get() + b.get()) : Optional.empty();
        }

        public String describe() {
            return String.format(Locale.ROOT, "CPU seconds: service %s, postgres %s, load generator %.1f",
                    service.map(s -> String.format(Locale.ROOT, "%.1f", s)).orElse("n/a"),
                    postgres.map(s -> String.format(Locale.ROOT, "%.1f", s)).orElse("n/a"),
                    loadGenerator);
        }

        /**
         * CPU milliseconds per operation of the service and PostgreSQL, e.g. per acknowledged command: on this
         * shared, noisy machine far steadier than a rate, and what issue 17's targets are stated in.
         */
        public String describePerOperation(long operations) {
            return String.format(Locale.ROOT, "CPU per op (%d ops): service %s ms, postgres %s ms, both %s ms",
                    operations, perOperationMillis(service, operations), perOperationMillis(postgres, operations),
                    perOperationMillis(service.isPresent() && postgres.isPresent()
                            ? Optional.of(service.get() + postgres.get()) : Optional.empty(), operations));
        }

        private static String perOperationMillis(Optional<Double> seconds, long operations) {
            return seconds.filter(s -> operations > 0)
                    .map(s -> String.format(Locale.ROOT, "%.3f", s * 1000 / operations)).orElse("n/a");
        }

        private static Optional<Double> subtract(Optional<Double> later, Optional<Double> earlier) {
            return later.isPresent() && earlier.isPresent()
                    ? Optional.of(later.get() - earlier.get()) : Optional.empty();
        }
    }

    /**
     * @param servicePid   the service's pid, or empty to find the process listening on {@code port}
     * @param postgresPids PostgreSQL root pids, or empty to use the service's {@code postgres} descendants
     */
    public static ProcessCpu locate(OptionalLong servicePid, List<Long> postgresPids, int port) {
        OptionalLong service = servicePid.isPresent() ? servicePid : listeningPid(port);
        return new ProcessCpu(service, List.copyOf(postgresPids));
    }

    /** The first line of a PostgreSQL {@code postmaster.pid}: the postmaster's pid. */
    public static Optional<Long> readPidFile(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public OptionalLong servicePid() {
        return servicePid;
    }

    public Sample sample() {
        Map<Long, Stat> all = allStats();
        Optional<Double> service = servicePid.isPresent() && all.containsKey(servicePid.getAsLong())
                ? Optional.of(all.get(servicePid.getAsLong()).ownTicks() / TICKS_PER_SECOND) : Optional.empty();
        List<Long> roots = postgresRoots.isEmpty() ? postgresRootsBelow(servicePid, all) : postgresRoots;
        Optional<Double> postgres = Optional.empty();
        if (!roots.isEmpty()) {
            long ticks = 0;
            for (Stat stat : all.values()) {
                if (isPostgres(stat) && (roots.contains(stat.pid) || hasAncestorIn(stat, roots, all))) {
                    ticks += stat.ownTicks() + stat.childTicks();
                }
            }
            postgres = Optional.of(ticks / TICKS_PER_SECOND);
        }
        Stat self = all.get(ProcessHandle.current().pid());
        return new Sample(service, postgres, self == null ? 0 : self.ownTicks() / TICKS_PER_SECOND);
    }

    private static List<Long> postgresRootsBelow(OptionalLong servicePid, Map<Long, Stat> all) {
        if (servicePid.isEmpty()) {
            return List.of();
        }
        List<Long> roots = new ArrayList<>();
        for (Stat stat : all.values()) {
            Stat parent = all.get(stat.ppid);
            boolean parentIsPostgres = parent != null && isPostgres(parent);
            if (isPostgres(stat) && !parentIsPostgres
                    && hasAncestorIn(stat, List.of(servicePid.getAsLong()), all)) {
                roots.add(stat.pid);
            }
        }
        return roots;
    }

    private static boolean isPostgres(Stat stat) {
        return stat.comm.startsWith("postgres");
    }

    private static boolean hasAncestorIn(Stat stat, List<Long> ancestors, Map<Long, Stat> all) {
        Stat current = all.get(stat.ppid);
        for (int depth = 0; current != null && depth < 64; depth++) {
            if (ancestors.contains(current.pid)) {
                return true;
            }
            current = all.get(current.ppid);
        }
        return false;
    }

    private record Stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {

        long ownTicks() {
            return utime + stime;
        }

        long childTicks() {
            return cutime + cstime;
        }
    }

    private static Map<Long, Stat> allStats() {
        Map<Long, Stat> stats = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : dirs) {
                readStat(dir.resolve("stat")).ifPresent(stat -> stats.put(stat.pid, stat));
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or /proc not readable: CPU figures are reported as n/a
        }
        return stats;
    }

    private static Optional<Stat> readStat(Path file) {
        try {
            String line = Files.readString(file);
            // the command name is in parentheses and may itself contain spaces or parentheses
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] rest = line.substring(close + 2).split(" ");
            // rest[0] is field 3 (state); utime..cstime are fields 14..17
            return Optional.of(new Stat(Long.parseLong(line.substring(0, open).trim()),
                    line.substring(open + 1, close), Long.parseLong(rest[1]),
                    Long.parseLong(rest[11]), Long.parseLong(rest[12]),
                    Long.parseLong(rest[13]), Long.parseLong(rest[14])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended while we looked
        }
    }

    /** The pid owning the TCP socket that listens on {@code port}, found via /proc/net/tcp and /proc/<pid>/fd. */
    private static OptionalLong listeningPid(int port) {
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is field 1, st (0A = LISTEN) field 3, inode field 9
                    if (f.length > 9 && f[1].endsWith(portHex) && "0A".equals(f[3])) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException ignored) {
                // no IPv6 table, or not Linux
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        Pattern digits = Pattern.compile("\\d+");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : dirs) {
                Matcher pid = digits.matcher(dir.getFileName().toString());
                if (!pid.matches()) {
                    continue;
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return OptionalLong.of(Long.parseLong(pid.group()));
                        }
                    }
                } catch (IOException | SecurityException ignored) {
                    // a process we may not inspect, or one that ended
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return OptionalLong.empty();
    }
}
