package io.annals.bench.workload.customer;

import java.util.List;
import java.util.Locale;

/** Request bodies and names for the customer workloads. */
final class CustomerApi {

    /** Surnames the search workload's names and queries are made of. */
    static final List<String> SURNAMES = List.of("Andersen", "Bakker", "Castillo", "Dubois", "Eriksen", "Fischer",
            "García", "Hansen", "Ivanova", "Jansen", "Kowalski", "Larsen", "Müller", "Nakamura", "Olsen", "Petrov",
            "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Visser", "Weber", "Xu", "Yilmaz", "Zoë");

    static final List<String> FIRST_NAMES = List.of("Ada", "Björn", "Chloé", "Dmitri", "Elif", "Farah", "Gustav",
            "Hana", "Ines", "Jonas", "Kwame", "Lena", "Mateo", "Nia", "Oskar", "Priya", "Rafael", "Sanne", "Tomás",
            "Uma");

    private CustomerApi() {
    }

    /**
     * A realistic spread of names: a first name, a surname and a five-letter token unique to the index (so that
     * trigrams differ between customers, as real names and emails do).
     */
    static String name(long index) {
        return FIRST_NAMES.get((int) (index % FIRST_NAMES.size())) + " "
                + SURNAMES.get((int) ((index / FIRST_NAMES.size()) % SURNAMES.size())) + " " + capitalize(token(index));
    }

    static String email(String runTag, long index) {
        return token(index) + "." + index + "@" + runTag + ".example.com";
    }

    /** Five letters that differ from index to index (a multiplicative hash spelled in base 26). */
    static String token(long index) {
        long value = Math.floorMod(index * 2_654_435_761L + 97, 26L * 26 * 26 * 26 * 26);
        char[] letters = new char[5];
        for (int i = 4; i >= 0; i--) {
            letters[i] = (char) ('a' + value % 26);
            value /= 26;
        }
        return new String(letters);
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String registerBody(String email, String name) {
        return String.format(Locale.ROOT, "{\"email\":\"%s\",\"name\":\"%s\"}", email, name);
    }
}
