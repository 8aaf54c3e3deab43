package com.salaryml.web.outcomes;

import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.web.text.LogText;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outcomes file: one JSON line per outcome, appended and forced to the disk before the app answers, so an
 * outcome the app acknowledged survives a crash of the app or of the machine. Each line is the contract's
 * {@link OutcomeLine}, which the trainer reads back. It rotates by size as the prediction log does: once it
 * reaches {@code maxBytes} it becomes {@code <name>.1}, {@code .1} becomes {@code .2}, and so on, keeping
 * {@code keep} rotated files. Used under its recorder's lock only.
 */
final class OutcomeFile implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutcomeFile.class.getName());

    /** The longest outcome line read back; one is under 200 bytes. */
    private static final int MAX_LINE_BYTES = 4096;

    /**
     * Where and how big.
     *
     * @param path     the file outcomes are appended to
     * @param maxBytes the size at which it rotates
     * @param keep     how many rotated files are kept
     */
    record Settings(Path path, long maxBytes, int keep) {

        Settings {
            if (maxBytes < 1 || keep < 1) {
                throw new IllegalArgumentException("an outcomes file rotates at 1 byte or more and keeps at least 1"
                        + " rotated file; was " + maxBytes + " bytes and " + keep + " files");
            }
        }

        Path rotated(int index) {
            return path.resolveSibling(path.getFileName() + "." + index);
        }
    }

    private final Settings settings;
    /** Null after a rotation that could not open the new file; the next append tries again. */
    private FileChannel channel;
    private long size;

    private OutcomeFile(Settings settings, FileChannel channel, long size) {
        this.settings = settings;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens the file for appending, creating it and its folder, and hands {@code given} every outcome of version
     * 2 the files hold for a prediction made since {@code since}: the newest file first, stopping at a file last
     * written before {@code since}, whose outcomes all came before any prediction still held. Nothing read is
     * kept here, so a file of any size is read in constant memory. A last line without its line break was being
     * written when the app or the machine stopped, so it was never acknowledged: it is cut off, and the outcome
     * can be given again.
     *
     * @param since when the oldest prediction an outcome can still be given for was made; empty when none is held,
     *              and then nothing is read back
     */
    static OutcomeFile open(Settings settings, Instant since, Consumer<OutcomeLine> given) throws IOException {
        Path parent = settings.path().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = openChannel(settings.path());
        try {
            long complete = channel.size();
            if (since != null) {
                readBack(settings, since, given);
            }
            var file = new OutcomeFile(settings, channel, complete);
            if (complete >= settings.maxBytes()) {
                // Grown past the limit before it rotated (an older app, or a smaller limit now): rotated at once.
                file.rotate();
            }
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens the file at its complete lines, cutting off a torn last one. */
    private static FileChannel openChannel(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long complete = completeLength(channel);
            if (complete < channel.size()) {
                LOG.log(Level.WARNING, "The outcomes file {0} ended in a line cut short ({1} bytes without a line"
                        + " break), left by a stop while it was written; that outcome was never acknowledged, so the"
                        + " line is removed", path, channel.size() - complete);
                channel.truncate(complete);
                channel.force(true);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The length up to and including the last line break: the complete lines. */
    private static long completeLength(FileChannel channel) throws IOException {
        var buffer = ByteBuffer.allocate(8192);
        long end = channel.size();
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static void readBack(Settings settings, Instant since, Consumer<OutcomeLine> given) throws IOException {
        long unreadable = 0;
        for (int i = 0; i <= settings.keep(); i++) {
            Path file = i == 0 ? settings.path() : settings.rotated(i);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                break;
            }
            long[] bad = {0};
            unreadable += BoundedLines.forEach(file, MAX_LINE_BYTES, line -> {
                if (line.isBlank()) {
                    return;
                }
                try {
                    OutcomeLine outcome = OutcomeLine.read(line);
                    // Lines of version 1 were given by request id, for predictions logged without a key: no
                    // outcome can be reported for those any more.
                    if (outcome.keyed()) {
                        given.accept(outcome);
                    }
                } catch (RecordException e) {
                    if (bad[0]++ == 0) {
                        LOG.log(Level.WARNING, "A line of the outcomes file {0} is not an outcome ({1}); it is skipped"
                                + " (so are any more such lines, counted below)", file, LogText.safe(e.getMessage()));
                    }
                }
            });
            unreadable += bad[0];
        }
        if (unreadable > 1) {
            LOG.log(Level.WARNING, "{0} lines of the outcomes files {1}(.n) are not outcomes and were skipped",
                    unreadable, settings.path());
        }
    }

    Path path() {
        return settings.path();
    }

    /**
     * Appends the lines in one write and forces them to the disk, then rotates the file if it is full. If the
     * write fails, the file is cut back to where it was, so that no line of a refused batch is left behind to be
     * given again.
     */
    void append(List<OutcomeLine> lines) throws IOException {
        if (channel == null) {
            channel = openChannel(settings.path());
            size = channel.size();
        }
        var text = new StringBuilder(lines.size() * 128);
        for (OutcomeLine line : lines) {
            text.append(line.json()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        long at = size;
        try {
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            channel.force(false);
            size = at;
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        if (size >= settings.maxBytes()) {
            rotate();
        }
    }

    /**
     * Moves the full file to {@code <name>.1}, {@code .1} to {@code .2} and so on, and starts a new one. The
     * outcomes are already on the disk, so a failure here only delays the rotation: it is logged, and the next
     * append reopens the file and tries again when it is still full.
     */
    private void rotate() {
        try {
            channel.close();
            channel = null;
            for (int i = settings.keep(); i >= 1; i--) {
                Path from = i == 1 ? settings.path() : settings.rotated(i - 1);
                if (Files.exists(from)) {
                    // The oldest kept file is replaced by the one before it; older ones are gone.
                    Files.move(from, settings.rotated(i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            channel = openChannel(settings.path());
            size = channel.size();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Rotating the outcomes file " + settings.path() + " failed; it is tried again"
                    + " at the next outcome: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
