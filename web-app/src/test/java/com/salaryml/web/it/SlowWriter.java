package com.salaryml.web.it;

import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.web.ModelFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A separate JVM that writes a file slowly, in place, so that a test can kill it mid-write: either a model
 * file for version 2.0.0, or a prediction-log line. It never finishes on its own within a test's patience.
 *
 * <pre>java -cp … SlowWriter model|log PATH</pre>
 */
public final class SlowWriter {

    private SlowWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        byte[] content = args[0].equals("model")
                ? ModelFormat.write(ModelFiles.model("2.0.0", 1000))
                : ("{\"time\":\"2026-11-27T12:00:00Z\",\"request_id\":\"killed-mid-line\",\"endpoint\":\"v1\","
                        + "\"model_name\":\"salary\",\"model_version\":\"1.0.0\",\"index\":0,\"inputs\":{\"experience\":2")
                        .repeat(50).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < content.length; i += 64) {
                out.write(content, i, Math.min(64, content.length - i));
                out.flush();
                Thread.sleep(25);
            }
        }
    }
}
