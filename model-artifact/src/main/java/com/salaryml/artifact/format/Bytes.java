package com.salaryml.artifact.format;

import java.io.IOException;
import java.io.InputStream;

/** Bounded reads: a stream that claims to be a small model file may be a decompression bomb. */
final class Bytes {

    private Bytes() {
    }

    static byte[] readAtMost(InputStream in, int maxBytes, String source) throws IOException, ModelLoadException {
        byte[] content = in.readNBytes(maxBytes + 1);
        if (content.length > maxBytes) {
            throw new ModelLoadException(source, "is larger than " + maxBytes + " bytes; refused");
        }
        return content;
    }
}
