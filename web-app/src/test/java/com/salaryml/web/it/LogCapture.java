package com.salaryml.web.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the app and the container log while a test sends one request. The containers run in the test's JVM:
 * the app's System.Logger, Tomcat, and Jetty (through SLF4J's JUL provider) all log through
 * java.util.logging, caught here by a handler on the root logger. System.err is teed as well, so that a stack
 * trace printed past the loggers is caught too.
 */
final class LogCapture implements AutoCloseable {

    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        System.setErr(new PrintStream(new Tee(originalErr, err), true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Every record caught so far, in the order they were logged. */
    List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Every record that holds a stack trace or is SEVERE, and every System.err line of a stack trace. */
    List<String> stackTraces() {
        var found = new ArrayList<String>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getThrown() != null || record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    found.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                            + (record.getThrown() == null ? "" : " with " + record.getThrown()));
                }
            }
        }
        for (String line : err.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("\tat ") || line.contains("Exception")) {
                found.add("System.err: " + line);
            }
        }
        return found;
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        System.setErr(originalErr);
    }

    /** Writes to both streams: the test's output still shows what was logged. */
    private static final class Tee extends OutputStream {
        private final PrintStream shown;
        private final ByteArrayOutputStream kept;

        Tee(PrintStream shown, ByteArrayOutputStream kept) {
            this.shown = shown;
            this.kept = kept;
        }

        @Override
        public synchronized void write(int b) {
            shown.write(b);
            kept.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            shown.write(bytes, offset, length);
            kept.write(bytes, offset, length);
        }
    }
}
