package com.salaryml.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Reads and rebuilds JARs in memory, to make damaged copies of a good model JAR. */
public final class Jars {

    private Jars() {
    }

    /** Every entry of a JAR, in order; directories map to empty arrays. */
    public static Map<String, byte[]> entries(byte[] jar) {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var in = new ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** A JAR with these entries, in this order; a name ending in / is a directory. */
    public static byte[] build(Map<String, byte[]> entries) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                if (!entry.getKey().endsWith("/")) {
                    zip.write(entry.getValue());
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A copy of {@code jar} with one entry's content replaced, or removed if {@code content} is null. */
    public static byte[] with(byte[] jar, String name, byte[] content) {
        var entries = entries(jar);
        if (content == null) {
            entries.remove(name);
        } else {
            entries.put(name, content);
        }
        return build(entries);
    }
}
