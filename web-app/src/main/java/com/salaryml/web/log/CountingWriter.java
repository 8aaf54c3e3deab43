package com.salaryml.web.log;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Counts the UTF-8 bytes of what passes through, so the log knows its file's size without flushing to the
 * disk after every record.
 */
final class CountingWriter extends FilterWriter {

    private long bytes;

    /** @param initial the bytes already in the file */
    CountingWriter(Writer out, long initial) {
        super(out);
        this.bytes = initial;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void write(int c) throws IOException {
        out.write(c);
        bytes += utf8Length((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        out.write(chars, offset, length);
        for (int i = offset; i < offset + length; i++) {
            bytes += utf8Length(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        out.write(text, offset, length);
        for (int i = offset; i < offset + length; i++) {
            bytes += utf8Length(text.charAt(i));
        }
    }

    /** A surrogate pair is four bytes, two for each half. */
    static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 2;
        }
        return 3;
    }
}
