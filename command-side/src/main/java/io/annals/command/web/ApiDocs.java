package io.annals.command.web;

/**
 * Texts the command controllers' OpenAPI annotations share (API.md "conventions"), so each convention is described
 * once and in the same words everywhere. The tag names are those app's OpenAPI document declares.
 */
public final class ApiDocs {

    public static final String CUSTOMERS = "Customers";
    public static final String PRODUCTS = "Products";
    public static final String ORDERS = "Orders";
    public static final String HISTORY = "History and temporal";
    public static final String INTAKE = "Intake";

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IDEMPOTENCY_KEY_TEXT = "Makes the creation safe to repeat (≤ 200 characters, scoped per "
            + "user and endpoint, remembered at least 24 h): a repeat with the same body gets the first answer and "
            + "writes nothing; the same key with another body is 422; a repeat while the first still runs is 409.";
    public static final String IF_MATCH = "If-Match";
    public static final String IF_MATCH_TEXT = "The version this change is based on, as its ETag (\"3\"). If the "
            + "entity is at another version the answer is 409 with expectedVersion and actualVersion and nothing is "
            + "written. Without it the change applies to the latest version.";
    public static final String ETAG = "ETag";
    public static final String ETAG_TEXT = "The entity's version after this write (\"3\"): send it as If-Match.";
    public static final String ETAG_EXAMPLE = "\"3\"";
    public static final String LOCATION = "Location";
    public static final String LOCATION_TEXT = "Where the new entity can be read";
    public static final String VERSION_CONFLICT = "If-Match names another version than the current one (the problem "
            + "carries expectedVersion and actualVersion)";

    private ApiDocs() {
    }
}
