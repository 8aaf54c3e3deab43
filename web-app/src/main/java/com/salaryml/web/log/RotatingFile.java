package com.salaryml.web.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file of JSON lines that rotates by size: when it reaches {@code maxBytes} it becomes {@code <name>.1},
 * {@code .1} becomes {@code .2}, and so on, keeping {@code keep} rotated files. Used by one thread only.
 */
final class RotatingFile {

    /** Opens the file for appending; a seam so tests can stand in a slow or failing disk. */
    @FunctionalInterface
    interface Output {
        OutputStream open(Path path) throws IOException;

        Output FILE = path -> Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            // A flush of the generator only hands its buffer on; the disk is flushed when the queue runs empty.
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    private static final int BUFFER_CHARS = 64 * 1024;

    private final Path path;
    private final long maxBytes;
    private final int keep;
    private final Output output;
    private OutputStream stream;
    private CountingWriter counter;
    private JsonGenerator generator;

    RotatingFile(Path path, long maxBytes, int keep, Output output) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.output = output;
    }

    boolean isOpen() {
        return generator != null;
    }

    /** Opens the file, creating its folder, and appends to what is there. */
    void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long size = Files.isRegularFile(path) ? Files.size(path) : 0;
        boolean endsMidLine = size > 0 && lastByte() != '\n';
        stream = output.open(path);
        counter = new CountingWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8),
                BUFFER_CHARS), size);
        generator = JSON.createGenerator(counter);
        // Each record ends its own line; Jackson's default would put a space before the next one instead.
        generator.setRootValueSeparator(null);
        if (endsMidLine) {
            // A record cut short by a failed disk stays on a line of its own, so the next one still parses.
            generator.writeRaw('\n');
        }
    }

    private byte lastByte() throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            channel.position(channel.size() - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            return channel.read(last) == 1 ? last.get(0) : (byte) '\n';
        }
    }

    /** Where the next record is written; it must write exactly one JSON value. */
    JsonGenerator generator() {
        return generator;
    }

    /**
     * Ends the record just written.
     *
     * @return whether the file has reached its size, so the caller should {@link #close()} and {@link #rotate()}
     */
    boolean endRecord() throws IOException {
        generator.writeRaw('\n');
        generator.flush();
        return counter.bytes() >= maxBytes;
    }

    /** Pushes everything written so far to the disk. */
    void flush() throws IOException {
        generator.flush();
        counter.flush();
    }

    /** Moves the closed file to {@code <name>.1}, {@code .1} to {@code .2} and so on, and opens a new one. */
    void rotate() throws IOException {
        for (int i = keep; i >= 1; i--) {
            Path from = i == 1 ? path : rotated(i - 1);
            if (Files.exists(from)) {
                // The oldest kept file is replaced by the one before it; older ones are gone.
                Files.move(from, rotated(i), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        open();
    }

    Path rotated(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    /** Flushes and closes the file; afterwards it is not open, whether or not that worked. */
    void close() throws IOException {
        JsonGenerator closing = generator;
        OutputStream raw = stream;
        generator = null;
        counter = null;
        stream = null;
        try {
            if (closing != null) {
                // Closing the generator flushes and closes the writers and the stream under it...
                closing.close();
            }
        } finally {
            // ...but a layer whose last write fails may skip closing what is under it (OutputStreamWriter
            // does, with bytes still to write), and a failing disk must not leave the file open. Closing a
            // closed stream does nothing.
            if (raw != null) {
                raw.close();
            }
        }
    }

    /** Closes after a failure, when nothing more can be saved. */
    void abandon() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // The failure that led here has been reported; this one adds nothing.
        }
    }
}
