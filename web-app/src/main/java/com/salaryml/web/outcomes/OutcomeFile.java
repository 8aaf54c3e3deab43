package com.salaryml.web.outcomes;

import com.salaryml.web.text.LogText;
import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.records.RecordException;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * The outcomes file: one JSON line per outcome, appended and forced to the disk before the app answers, so an
 * outcome the app acknowledged survives a crash of the app or of the machine. Each line is the contract's
 * {@link OutcomeLine}, which the trainer reads back. Used under its recorder's lock only.
 */
final class OutcomeFile implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutcomeFile.class.getName());

    /** The key an outcome is given under: request id and index. */
    record Key(String requestId, int index) {
    }

    private final Path path;
    private final FileChannel channel;
    private long size;

    private OutcomeFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens the file for appending, creating it and its folder, and adds the key of every outcome it holds to
     * {@code given}. A last line without its line break was being written when the app or the machine stopped,
     * so it was never acknowledged: it is cut off, and the outcome can be given again.
     */
    static OutcomeFile open(Path path, Set<Key> given) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
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
            readKeys(path, channel, given);
            return new OutcomeFile(path, channel, complete);
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

    private static void readKeys(Path path, FileChannel channel, Set<Key> given) throws IOException {
        channel.position(0);
        // Not closed: closing the reader would close the channel this file goes on writing to.
        var reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
        int number = 0;
        int unreadable = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                OutcomeLine outcome = OutcomeLine.read(line);
                given.add(new Key(outcome.requestId(), outcome.index()));
            } catch (RecordException e) {
                unreadable++;
                if (unreadable == 1) {
                    LOG.log(Level.WARNING, "Line {0} of the outcomes file {1} is not an outcome ({2}); it is skipped"
                            + " (so are any more such lines, counted below)", number, path, LogText.safe(e.getMessage()));
                }
            }
        }
        if (unreadable > 1) {
            LOG.log(Level.WARNING, "{0} lines of the outcomes file {1} are not outcomes and were skipped", unreadable,
                    path);
        }
    }

    Path path() {
        return path;
    }

    /**
     * Appends the lines in one write and forces them to the disk. If that fails, the file is cut back to where
     * it was, so that no line of a refused batch is left behind to be given again.
     */
    void append(List<OutcomeLine> lines) throws IOException {
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
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
