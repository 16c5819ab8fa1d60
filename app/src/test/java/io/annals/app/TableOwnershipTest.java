package io.annals.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No module reads another module's tables (ARCHITECTURE.md): every table a module's production code names in a string
 * (SQL, a JPA {@code @Table}, a table name handed to an Axon store) is one the module owns. ArchUnit sees classes and
 * calls but not string constants, so this test reads the modules' Java sources instead. The tables are learnt from
 * Flyway's migrations, so a new table fails here until it is given an owner.
 */
class TableOwnershipTest {

    /** Surefire runs in the app module's directory; the other modules are its siblings. */
    private static final Path ROOT =
            Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
    private static final Path MIGRATIONS = ROOT.resolve("db/src/main/resources/db/migration");

    /**
     * The owner of every table Flyway creates. The Axon runtime's tables (events, snapshots, tokens, sagas, dead
     * letters, deadlines' db-scheduler tasks) belong to the app, which configures Axon's stores on them.
     */
    private static final Map<String, Set<String>> OWNED_TABLES = Map.of(
            "shared-kernel", Set.of(),
            "command-side", Set.of("customer_registry", "sku_registry", "idempotency_record"),
            "query-side", Set.of("product_view", "customer_view", "order_view", "intake_event_view",
                    "intake_source_view"),
            "choreography", Set.of("batch_item", "batch_type_stats", "fulfilment_saga", "fulfilment_dead_letter_entry"),
            "app", Set.of("domain_event_entry", "snapshot_event_entry", "token_entry", "saga_entry",
                    "association_value_entry", "dead_letter_entry", "scheduled_tasks", "projection_rebuild"));

    private static final Pattern CREATE_TABLE =
            Pattern.compile("\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);

    @Test
    void everyMigratedTableHasExactlyOneOwningModule() {
        List<String> owned = OWNED_TABLES.values().stream().flatMap(Set::stream).toList();

        assertThat(owned).doesNotHaveDuplicates();
        assertThat(owned).as("tables with an owning module, against the tables Flyway creates")
                .containsExactlyInAnyOrderElementsOf(migratedTables());
    }

    @Test
    void eachModuleNamesOnlyTablesItOwns() {
        Pattern anyTable = tableNamePattern(migratedTables());
        List<String> trespasses = new ArrayList<>();
        tablesNamedBySource(anyTable).forEach((source, tables) -> tables.stream()
                .filter(table -> !OWNED_TABLES.get(moduleOf(source)).contains(table))
                .map(table -> source + ": " + table)
                .forEach(trespasses::add));

        assertThat(trespasses).as("tables named outside their owning module").isEmpty();
    }

    /** Guards the test above against passing on nothing: a wrong path or a broken scanner finds no table at all. */
    @Test
    void theScanFindsTheTablesTheModulesUseToday() {
        Map<String, Set<String>> namedByModule = new TreeMap<>();
        tablesNamedBySource(tableNamePattern(migratedTables())).forEach((source, tables) ->
                namedByModule.computeIfAbsent(moduleOf(source), module -> new TreeSet<>()).addAll(tables));

        assertThat(namedByModule.get("command-side")).contains("idempotency_record", "customer_registry", "sku_registry");
        assertThat(namedByModule.get("query-side")).contains("product_view", "customer_view", "order_view");
        assertThat(namedByModule.get("choreography")).contains("batch_item", "fulfilment_saga");
        assertThat(namedByModule.get("app")).contains("domain_event_entry", "token_entry");
    }

    private static Set<String> migratedTables() {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            Set<String> tables = new TreeSet<>();
            files.filter(file -> file.toString().endsWith(".sql")).forEach(file -> {
                Matcher created = CREATE_TABLE.matcher(read(file));
                while (created.find()) {
                    tables.add(created.group(1).toLowerCase());
                }
            });
            assertThat(tables).as("tables created in " + MIGRATIONS).isNotEmpty();
            return tables;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole identifier only: {@code dead_letter_entry} is not found inside {@code fulfilment_dead_letter_entry}. */
    private static Pattern tableNamePattern(Set<String> tables) {
        return Pattern.compile("(?<![\\w$])(" + String.join("|", tables) + ")(?![\\w$])", Pattern.CASE_INSENSITIVE);
    }

    /** For each production source of the modules that own tables, the tables named in its string literals. */
    private static Map<String, Set<String>> tablesNamedBySource(Pattern tableName) {
        Map<String, Set<String>> named = new TreeMap<>();
        for (String module : OWNED_TABLES.keySet()) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            assertThat(sources).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    Set<String> tables = JavaStringLiterals.of(read(file)).stream()
                            .flatMap(literal -> tableName.matcher(literal).results())
                            .map(match -> match.group(1).toLowerCase())
                            .collect(Collectors.toCollection(TreeSet::new));
                    if (!tables.isEmpty()) {
                        named.put(ROOT.relativize(file).toString().replace('\\', '/'), tables);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return named;
    }

    private static String moduleOf(String source) {
        return source.substring(0, source.indexOf('/'));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
