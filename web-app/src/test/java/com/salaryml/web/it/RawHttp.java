package com.salaryml.web.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 over a plain socket, for requests no client library sends as they are: a query string that is not
 * a valid URI, or a body of tens of megabytes that the server refuses while it is still arriving. For the
 * latter a reader thread waits for the status line while the body is written in chunks, so that a server
 * that answers early and then closes the connection is seen to have answered.
 */
final class RawHttp {

    /** The head of a response: its status line and headers, names lower-cased. */
    record Head(String statusLine, Map<String, String> headers) {

        int status() {
            return Integer.parseInt(statusLine.split(" ", 3)[1]);
        }
    }

    /** A response head and as much of its body as arrived before the connection closed. */
    record Reply(Head head, String body) {
    }

    private static final int CHUNK = 64 * 1024;

    private RawHttp() {
    }

    /** Sends {@code requestHead} (all of it, up to and including the blank line) and reads the reply. */
    static Reply send(URI server, String requestHead) throws IOException {
        try (var socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            Head head = head(in);
            return new Reply(head, body(in, head).toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * POSTs {@code body} with its Content-Length, in chunks, and returns the response head as soon as it
     * arrives. The server may stop reading and close the connection once it has answered; a write failing
     * then is expected. A write failing before any status line came is not, and neither is no answer at all.
     */
    static Head postLarge(URI uri, String contentType, byte[] body) throws Exception {
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            CompletableFuture<Head> answer = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    answer.complete(head(socket.getInputStream()));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }, "raw-http-reader");
            reader.setDaemon(true);
            reader.start();
            OutputStream out = socket.getOutputStream();
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            IOException writeFailure = null;
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length && !answer.isDone(); offset += CHUNK) {
                    out.write(body, offset, Math.min(CHUNK, body.length - offset));
                }
                out.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
            try {
                return answer.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                var failure = new AssertionError("no status line came back"
                        + (writeFailure == null ? "" : " and the upload failed: " + writeFailure), e);
                if (writeFailure != null) {
                    failure.addSuppressed(writeFailure);
                }
                throw failure;
            }
        }
    }

    private static Head head(InputStream in) throws IOException {
        String status = line(in);
        var headers = new HashMap<String, String>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Head(status, headers);
    }

    private static ByteArrayOutputStream body(InputStream in, Head head) throws IOException {
        var body = new ByteArrayOutputStream();
        String length = head.headers().get("content-length");
        if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0;
                    size = Integer.parseInt(line(in).strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        }
        return body;
    }

    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed in the middle of a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
