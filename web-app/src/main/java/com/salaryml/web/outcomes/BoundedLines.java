package com.salaryml.web.outcomes;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file back line by line holding at most one line of at most {@code maxLineBytes} in memory: a longer
 * one is skipped, not buffered, so a file someone filled with one endless line cannot exhaust the heap at start.
 * A line broken mid-character (a crash, or a foreign file) reads with the replacement character, and then
 * usually fails to parse, as any other unreadable line does.
 */
final class BoundedLines {

    @FunctionalInterface
    interface Handler {
        void line(String line);
    }

    private BoundedLines() {
    }

    /** @return how many lines were too long and skipped */
    static long forEach(Path file, int maxLineBytes, Handler handler) throws IOException {
        long skipped = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            var line = new ByteArrayOutputStream(512);
            boolean tooLong = false;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    if (tooLong) {
                        skipped++;
                    } else {
                        handler.line(line.toString(StandardCharsets.UTF_8));
                    }
                    line.reset();
                    tooLong = false;
                } else if (!tooLong) {
                    if (line.size() >= maxLineBytes) {
                        tooLong = true;
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
            // A last line without its line break was being written when the app stopped: never acknowledged.
        }
        return skipped;
    }
}
