package io.annals.app.web.lean;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * A request on the lean path: the servlet request, its path variables, and its JSON body, read only when a handler
 * argument asks for it and only when Spring MVC would read it the same way (a JSON content type, UTF-8, a declared
 * length within the lean path's limit). A body once read is kept, so that a declined request can go the full way.
 */
final class LeanRequest {

    /** Larger bodies go the full way, where the 1 MiB limit and its 413 answer live. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServletRequest servlet;
    private final Map<String, String> pathVariables;
    private byte[] body;
    private boolean bodyTried;
    private boolean whole;

    LeanRequest(HttpServletRequest servlet, Map<String, String> pathVariables) {
        this.servlet = servlet;
        this.pathVariables = pathVariables;
    }

    HttpServletRequest servlet() {
        return servlet;
    }

    Map<String, String> pathVariables() {
        return pathVariables;
    }

    /**
     * The body, or {@code null} when it is not one the lean path reads or it did not arrive whole (then what did
     * arrive goes the full way, which answers it as it would).
     */
    byte[] body() {
        if (!bodyTried) {
            bodyTried = true;
            long length = servlet.getContentLengthLong();
            if (length > 0 && length <= MAX_BODY_BYTES && isUtf8Json(servlet.getContentType())) {
                read((int) length);
            }
        }
        return whole ? body : null;
    }

    private void read(int length) {
        byte[] buffer = new byte[length];
        int read = 0;
        try {
            InputStream in = servlet.getInputStream();
            while (read < length) {
                int n = in.read(buffer, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (IOException broken) {
            // the full path meets the same short body and answers it
        }
        whole = read == length;
        body = whole ? buffer : Arrays.copyOf(buffer, read);
    }

    /** The body read so far, for the full path to read again; {@code null} when none was read. */
    byte[] readBody() {
        return body;
    }

    /** {@code application/json}, with no parameter but UTF-8's charset: what Spring MVC's converter reads as is. */
    static boolean isUtf8Json(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        if (!type.trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        if (semicolon < 0) {
            return true;
        }
        String parameter = contentType.substring(semicolon + 1).trim();
        return parameter.equalsIgnoreCase("charset=utf-8") || parameter.equalsIgnoreCase("charset=\"utf-8\"");
    }
}
