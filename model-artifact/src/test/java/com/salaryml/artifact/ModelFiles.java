package com.salaryml.artifact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.format.ModelFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Bad model files for tests, made from a good one: by editing its JSON tree, or by replacing text in it. */
public final class ModelFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** The model's file after {@code change} has been made to its JSON tree. */
    public static byte[] edit(Model model, Consumer<ObjectNode> change) {
        try {
            var root = (ObjectNode) JSON.readTree(ModelFormat.write(model));
            change.accept(root);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model's file with {@code good}, which it must contain, replaced by {@code bad}. */
    public static byte[] replace(Model model, String good, String bad) {
        String text = new String(ModelFormat.write(model), UTF_8);
        assertThat(text).as("the good model file").contains(good);
        return text.replace(good, bad).getBytes(UTF_8);
    }
}
