package io.annals.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The load generator's command line. Sizes left unset fall back to each workload's own default, so one option set
 * can drive every workload.
 */
public record Options(URI baseUrl, String user, String password, Optional<Integer> clients,
                      Optional<Long> operations, Optional<Duration> duration, Optional<Long> warmup,
                      Optional<Integer> products, int events, int burst, int customers, int replayEvents, Duration requestTimeout,
                      Duration awaitHealth, OptionalLong servicePid, List<Long> postgresPids,
                      Optional<Path> postgresPidFile, Optional<String> rate,
                      List<String> workloads, boolean help) {

    public static final String USAGE = """
            usage: java -jar bench/target/bench.jar [options] [workload ...]   (no workload = all)

              --base-url URL        the running Annals (default http://localhost:8080)
              --user U --password P HTTP Basic credentials of a WRITER (default writer / writer-pw)
              --clients N           virtual users = client threads (default: per workload, mostly 32)
              --operations N        measured operations per phase (default: per workload)
              --duration D          measure for a duration instead, e.g. 30s or 2m (overrides --operations)
              --warmup N            warm-up operations before each measured phase (default: per workload; 0 = none)
              --products N          products the workload spreads over (default: per workload)
              --events N            history length of the temporal workload's aggregate (default 10000)
              --burst N             commands in the catch-up burst (default 20000)
              --customers N         customers the search workload creates first (default 100000)
              --rate R              open model: arrivals per second instead of closed-loop clients, where a workload
                                    supports it (orders; "half" = half the capacity its closed phase measured)
              --replay-events N     product events the replay workload writes into the store first (default 1000000)
              --request-timeout D   per-request timeout (default 30s)
              --await-health D      first wait up to D for /actuator/health to be UP (default: do not wait)
              --service-pid PID     pid of the service, for CPU seconds (default: the process listening on the port)
              --postgres-pid PID    a PostgreSQL root pid, repeatable (default: postgres processes below the service)
              --postgres-pid-file F PostgreSQL's postmaster.pid (read after the health wait), e.g. <data-dir>/postmaster.pid
              --list                list the workloads and exit
            """;

    public static Options parse(String... args) {
        URI baseUrl = URI.create("http://localhost:8080");
        String user = "writer";
        String password = "writer-pw";
        Optional<Integer> clients = Optional.empty();
        Optional<Long> operations = Optional.empty();
        Optional<Duration> duration = Optional.empty();
        Optional<Long> warmup = Optional.empty();
        Optional<Integer> products = Optional.empty();
        int events = 10_000;
        int burst = 20_000;
        int customers = 100_000;
        int replayEvents = 1_000_000;
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration awaitHealth = Duration.ZERO;
        OptionalLong servicePid = OptionalLong.empty();
        List<Long> postgresPids = new ArrayList<>();
        Optional<Path> postgresPidFile = Optional.empty();
        Optional<String> rate = Optional.empty();
        List<String> workloads = new ArrayList<>();
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                workloads.add(arg);
                continue;
            }
            String key = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (key.equals("--help") || key.equals("--list")) {
                help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                value = args[++i];
            }
            switch (key) {
                case "--base-url" -> baseUrl = URI.create(value.endsWith("/") ? value : value + "/");
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--clients" -> clients = Optional.of(positiveInt(key, value));
                case "--operations" -> operations = Optional.of((long) positiveInt(key, value));
                case "--duration" -> duration = Optional.of(duration(key, value));
                case "--warmup" -> warmup = Optional.of(Long.parseLong(value));
                case "--products" -> products = Optional.of(positiveInt(key, value));
                case "--events" -> events = positiveInt(key, value);
                case "--burst" -> burst = positiveInt(key, value);
                case "--customers" -> customers = positiveInt(key, value);
                case "--replay-events" -> replayEvents = positiveInt(key, value);
                case "--request-timeout" -> requestTimeout = duration(key, value);
                case "--await-health" -> awaitHealth = duration(key, value);
                case "--service-pid" -> servicePid = OptionalLong.of(Long.parseLong(value));
                case "--postgres-pid" -> postgresPids.add(Long.parseLong(value));
                case "--postgres-pid-file" -> postgresPidFile = Optional.of(Path.of(value));
                case "--rate" -> rate = Optional.of(rate(key, value));
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        return new Options(baseUrl, user, password, clients, operations, duration, warmup, products, events, burst, customers, replayEvents,
                requestTimeout, awaitHealth, servicePid, List.copyOf(postgresPids), postgresPidFile, rate,
                List.copyOf(workloads), help);
    }

    public int clientsOr(int workloadDefault) {
        return clients.orElse(workloadDefault);
    }

    public int productsOr(int workloadDefault) {
        return products.orElse(workloadDefault);
    }

    /** The measured phase's budget: {@code --duration}, else {@code --operations}, else the workload's default. */
    public Budget measuredOr(long defaultOperations) {
        return duration.<Budget>map(Budget::timed)
                .orElseGet(() -> Budget.operations(operations.orElse(defaultOperations)));
    }

    public long warmupOr(long workloadDefault) {
        return warmup.orElse(workloadDefault);
    }

    /** {@code half}, or a positive number of arrivals per second. */
    static String rate(String key, String value) {
        if (value.equals("half")) {
            return value;
        }
        try {
            if (Double.parseDouble(value) > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(key + " must be a positive number of arrivals per second or half: " + value);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or an ISO-8601 duration such as {@code PT30S}. */
    static Duration duration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": not a duration: " + value);
        }
    }

    private static int positiveInt(String key, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be at least 1");
        }
        return n;
    }
}
