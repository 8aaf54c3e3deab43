package com.salaryml.testlog;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where everything logged through {@code java.util.logging} in a test JVM goes instead of the console: into
 * one file per test class, and into memory for the test that is running, so that a failing test can show
 * what was logged while it ran. Containers embedded in the tests (Jetty through SLF4J's JUL provider, Tomcat
 * through JULI) and the app itself all log through {@code java.util.logging}.
 */
final class LogCapture extends Handler {

    /** A test that logs more than this keeps its last lines in memory; the file has them all. */
    private static final int MAX_LINES = 2_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private static LogCapture installed;

    private Path directory;
    private final SimpleFormatter messages = new SimpleFormatter();
    private final Deque<String> classLines = new ArrayDeque<>();
    private final Deque<String> testLines = new ArrayDeque<>();
    private Deque<String> current = classLines;
    private int dropped;
    private Writer file;
    private Path filePath;

    private LogCapture(Path directory) {
        this.directory = directory;
    }

    /** The capture, put in place of the console handlers of the root logger on first use. */
    static synchronized LogCapture installed() {
        if (installed == null) {
            String configured = System.getProperty("salary.test-logs");
            installed = new LogCapture(configured == null ? Path.of("target", "test-logs") : Path.of(configured));
            Logger root = Logger.getLogger("");
            for (Handler handler : root.getHandlers()) {
                if (handler instanceof ConsoleHandler) {
                    root.removeHandler(handler);
                }
            }
            root.addHandler(installed);
        }
        return installed;
    }

    /** Where the files of the test classes that start from now on go. */
    synchronized void redirect(Path directory) {
        this.directory = directory;
    }

    /** From here on, what is logged belongs to this test class and goes to its file. */
    synchronized void startClass(String className) {
        closeFile();
        classLines.clear();
        testLines.clear();
        current = classLines;
        dropped = 0;
        try {
            Files.createDirectories(directory);
            filePath = directory.resolve(className + ".log");
            file = Files.newBufferedWriter(filePath, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test log " + directory.resolve(className + ".log"), e);
        }
    }

    /** From here on, what is logged belongs to this test, until the next one starts. */
    synchronized void startTest(String name) {
        testLines.clear();
        current = testLines;
        dropped = 0;
        write("---- " + name + System.lineSeparator());
    }

    synchronized void endClass() {
        closeFile();
        classLines.clear();
        testLines.clear();
        current = classLines;
    }

    /** What the class's set-up and the current test logged, or null if they logged nothing. */
    synchronized String report(String title) {
        if (classLines.isEmpty() && testLines.isEmpty()) {
            return null;
        }
        var text = new StringBuilder();
        text.append("---- what ").append(title).append(" logged");
        if (filePath != null) {
            text.append(" (the whole log of the class is in ").append(filePath.toAbsolutePath()).append(')');
        }
        text.append(System.lineSeparator());
        classLines.forEach(text::append);
        if (dropped > 0) {
            text.append("[… ").append(dropped).append(" earlier lines are in the file]").append(System.lineSeparator());
        }
        testLines.forEach(text::append);
        text.append("---- end of the log").append(System.lineSeparator());
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        String line = format(record);
        synchronized (this) {
            if (current.size() >= MAX_LINES) {
                current.removeFirst();
                dropped++;
            }
            current.addLast(line);
            write(line);
        }
    }

    private String format(LogRecord record) {
        var text = new StringBuilder();
        text.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(": ")
                .append(messages.formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            var trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }
        return text.toString();
    }

    private void write(String text) {
        if (file == null) {
            return;
        }
        try {
            file.write(text);
        } catch (IOException e) {
            // The file is a convenience: a full disk must not fail the test that is logging.
            file = null;
        }
    }

    @Override
    public synchronized void flush() {
        if (file != null) {
            try {
                file.flush();
            } catch (IOException e) {
                file = null;
            }
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // as above
            }
        }
        file = null;
        filePath = null;
    }

    @Override
    public synchronized void close() {
        closeFile();
    }
}
