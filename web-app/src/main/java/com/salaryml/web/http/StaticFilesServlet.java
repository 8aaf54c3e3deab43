package com.salaryml.web.http;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The page's own files (its script, stylesheet and icon), in place of the container's default servlet: mapped
 * to {@code /}, it serves every file at the top of the WAR and below, outside {@code WEB-INF} and
 * {@code META-INF}, and nothing else. The containers' own differ: Jetty's and Tomcat's tags and types are not
 * the same, and both send the file's {@code Last-Modified}, which for a WAR unpacked at start is when each
 * instance started, so no two replicas agree. Here every file carries a strong {@link EntityTag} of its bytes and
 * {@code Cache-Control: no-cache}, and no {@code Last-Modified}: the same on every replica and container, and a
 * browser that holds the file gets a 304.
 *
 * <p>The files are read once, at start: they are part of the WAR, and all of them together are a few kilobytes.
 */
public final class StaticFilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The types of the files a page may have, the same in every container; text in UTF-8, as the files are. */
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2",
            "html", "text/html;charset=utf-8",
            "txt", "text/plain;charset=utf-8");

    /** The folders of a WAR that no client may read. */
    private static final Set<String> HIDDEN = Set.of("/WEB-INF/", "/META-INF/");

    /** One file: its bytes, type and tag. */
    private record StaticFile(byte[] content, String contentType, EntityTag tag) {
    }

    private transient Map<String, StaticFile> files = Map.of();

    @Override
    public void init() throws ServletException {
        var found = new HashMap<String, StaticFile>();
        try {
            collect(getServletContext(), "/", found);
        } catch (IOException e) {
            throw new ServletException("the WAR's static files cannot be read", e);
        }
        files = Map.copyOf(found);
    }

    private static void collect(ServletContext context, String folder, Map<String, StaticFile> found)
            throws IOException {
        Set<String> paths = context.getResourcePaths(folder);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            if (HIDDEN.contains(path.toUpperCase(Locale.ROOT))) {
                continue;
            }
            if (path.endsWith("/")) {
                collect(context, path, found);
                continue;
            }
            try (InputStream in = context.getResourceAsStream(path)) {
                if (in != null) {
                    byte[] content = in.readAllBytes();
                    found.put(path, new StaticFile(content, type(context, path), EntityTag.of(content)));
                }
            }
        }
    }

    private static String type(ServletContext context, String path) {
        String suffix = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String known = TYPES.get(suffix);
        if (known != null) {
            return known;
        }
        String container = context.getMimeType(path);
        return container != null ? container : "application/octet-stream";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Mapped to "/", the whole path within the app is the servlet path.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        StaticFile file = files.get(path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (file.tag().answerUnchanged(request, response)) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(file.contentType());
        response.setContentLength(file.content().length);
        response.getOutputStream().write(file.content());
    }
}
