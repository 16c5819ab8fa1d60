package io.annals.query.web;

/**
 * Texts the query controllers' OpenAPI annotations share (API.md "conventions"), so each convention is described
 * once and in the same words everywhere. The tag names are those app's OpenAPI document declares.
 */
public final class ApiDocs {

    public static final String CUSTOMERS = "Customers";
    public static final String PRODUCTS = "Products";
    public static final String ORDERS = "Orders";
    public static final String OPERATIONS = "Operations";
    public static final String INTAKE = "Intake";

    public static final String MIN_VERSION = "minVersion";
    public static final String MIN_VERSION_TEXT = "Read your writes: wait until the read model shows at least this "
            + "version (the version a write answered), up to annals.query.consistency-timeout (default 5 s); 503 "
            + "with Retry-After if it does not. Without it the read is eventually consistent.";
    public static final String ETAG = "ETag";
    public static final String ETAG_TEXT = "The entity's version as shown (\"3\"): send it as If-Match to update it.";
    public static final String ETAG_EXAMPLE = "\"3\"";
    public static final String PAGE_TEXT = "0-based page number (default 0)";
    public static final String SIZE_TEXT = "Items per page, 1..200 (default 20)";

    private ApiDocs() {
    }
}
