package io.annals.app.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The next generation of a projection's tables: built in schema {@code rebuild_<projection>} under the live tables'
 * own names (so the projection's SQL and JPA mappings reach it unchanged when {@code search_path} names that schema
 * first), then moved into {@code public} in place of the live ones.
 *
 * <p>Why a schema and not shadow table names: the projections' statements and entities name their tables, and a
 * {@code search_path} set for a rebuild's transactions is the one switch that sends all of them to the new generation
 * without a second copy of any statement. The tables are created {@code LIKE} the live ones with their indexes (the
 * trigram search indexes included, so they are complete before the switch) and storage parameters; the moved indexes
 * get the live ones' names back, so migrations that name an index keep working.
 *
 * <p>Every statement here is DDL, which PostgreSQL does not parameterise: the names come from code
 * ({@link ReadModels} accepts only plain lower-case identifiers) or from the catalog, never from a request.
 */
@Component
class ShadowTables {

    private static final String INDEXES = """
            SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = to_regclass(?)""";
    private static final String STORAGE = "SELECT reloptions FROM pg_class WHERE oid = to_regclass(?)";
    private static final Pattern STORAGE_PARAMETER = Pattern.compile("[a-z_.]+=[A-Za-z0-9_.]+");
    /** {@code CREATE [UNIQUE] INDEX <name> ON ...}: an index's definition without its name. */
    private static final Pattern INDEX_NAME = Pattern.compile("^(CREATE (?:UNIQUE )?INDEX )\\S+ ");

    private final JdbcTemplate jdbc;

    ShadowTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static String schemaOf(String projection) {
        return "rebuild_" + projection;
    }

    /** Creates the empty next generation, replacing what a rebuild abandoned before left of one. */
    void create(String projection, List<String> tables) {
        String schema = schemaOf(projection);
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + schema);
        for (String table : tables) {
            jdbc.execute("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)");
            String[] storage = jdbc.queryForObject(STORAGE, (row, n) -> {
                Array options = row.getArray(1);
                return options == null ? null : (String[]) options.getArray();
            }, "public." + table);
            if (storage != null && storage.length > 0) {
                for (String parameter : storage) {
                    if (!STORAGE_PARAMETER.matcher(parameter).matches()) {
                        throw new IllegalStateException("unexpected storage parameter " + parameter + " of " + table);
                    }
                }
                jdbc.execute("ALTER TABLE " + schema + "." + table + " SET (" + String.join(", ", storage) + ")");
            }
        }
    }

    /** Fresh statistics, so the first queries after the switch are planned for the new tables' content. */
    void analyze(String projection, List<String> tables) {
        for (String table : tables) {
            jdbc.execute("ANALYZE " + schemaOf(projection) + "." + table);
        }
    }

    /**
     * Drops the live tables and moves the next generation into their place, in the caller's transaction (which
     * holds the tables' locks from the first statement to its commit, so no query sees neither or a mix).
     */
    void promote(String projection, List<String> tables) {
        String schema = schemaOf(projection);
        for (String table : tables) {
            Map<String, String> liveNames = new HashMap<>();
            indexes("public." + table).forEach((name, definition) -> liveNames.put(withoutName(definition), name));
            jdbc.execute("DROP TABLE public." + table);
            jdbc.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA public");
            indexes("public." + table).forEach((name, definition) -> {
                String liveName = liveNames.get(withoutName(definition));
                if (liveName != null && !liveName.equals(name)) {
                    jdbc.execute("ALTER INDEX public." + name + " RENAME TO " + liveName);
                }
            });
        }
        jdbc.execute("DROP SCHEMA " + schema);
    }

    /** Forgets an abandoned generation. */
    void drop(String projection) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schemaOf(projection) + " CASCADE");
    }

    private Map<String, String> indexes(String table) {
        Map<String, String> definitions = new HashMap<>();
        jdbc.query(INDEXES, row -> {
            definitions.put(row.getString(1), row.getString(2));
        }, table);
        return definitions;
    }

    private static String withoutName(String definition) {
        return INDEX_NAME.matcher(definition).replaceFirst("$1");
    }
}
