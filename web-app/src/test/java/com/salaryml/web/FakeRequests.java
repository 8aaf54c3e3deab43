package com.salaryml.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Requests without a container, for tests of code that reads request bodies. */
public final class FakeRequests {

    private FakeRequests() {
    }

    /** A POST with this body, as far as reading it goes; any other call fails the test. */
    public static HttpServletRequest post(byte[] body, boolean chunked) {
        Map<String, Object> attributes = new HashMap<>();
        var in = new ByteArrayInputStream(body);
        var stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentLengthLong" -> chunked ? -1L : (long) body.length;
                    case "getHeader" -> chunked && "Transfer-Encoding".equalsIgnoreCase((String) args[0])
                            ? "chunked" : null;
                    case "getInputStream" -> stream;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
