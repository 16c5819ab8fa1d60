package io.annals.app.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** RFC 9457 problem details as Annals writes them: {@code type} = {@value #TYPE_BASE} + a slug of the kind. */
public final class Problems {

    public static final String TYPE_BASE = "https://annals.io/problems/";
    static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** The type of a problem known only by its status: {@value #TYPE_BASE} + e.g. {@code method-not-allowed}. */
    public static URI typeFor(HttpStatusCode status) {
        return URI.create(TYPE_BASE + slugOf(status));
    }

    /** {@code method-not-allowed} for 405: the slug of a problem known only by its status. */
    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "status-" + status.value()
                : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** For filters that answer before Spring MVC runs (authentication, body size). */
    public static void write(HttpServletResponse response, HttpStatus status, String slug, String title,
                             String detail) throws IOException {
        write(response, of(status, slug, title, detail));
    }

    /**
     * Writes {@code problem}'s {@code type}, {@code title}, {@code status} and {@code detail}. By hand: the callers
     * are filters and security handlers, outside Spring MVC's message converters, and four string members need no
     * more than escaping.
     */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"" + escape(String.valueOf(problem.getType())) + "\",\"title\":\""
                + escape(problem.getTitle()) + "\",\"status\":" + problem.getStatus() + ",\"detail\":\""
                + escape(problem.getDetail()) + "\"}");
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
