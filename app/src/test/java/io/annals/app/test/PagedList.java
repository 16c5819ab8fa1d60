package io.annals.app.test;

import io.annals.app.test.ApiClient.Answer;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a paged list endpoint ({@code {"items", "page", ...}}) in tests. */
public final class PagedList {

    private PagedList() {
    }

    /** One page: {@code path} with its query string; the answer must be 200. */
    public static JsonNode page(ApiClient client, String pathAndQuery) {
        Answer answer = client.get(pathAndQuery);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /**
     * Every item, 200 a page, until an empty page. Entities other tests add meanwhile can only push items to later
     * pages, never earlier ones, so nothing that existed at the start is missed.
     */
    public static List<JsonNode> all(ApiClient client, String path, String query) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = page(client, path + "?size=200&page=" + page + "&" + query);
            if (answer.path("items").isEmpty()) {
                return items;
            }
            answer.path("items").forEach(items::add);
        }
    }
}
