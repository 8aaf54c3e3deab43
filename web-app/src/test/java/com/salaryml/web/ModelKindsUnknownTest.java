package com.salaryml.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.metadata.Algorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The web app serves any kind of model without knowing kinds: a new kind or algorithm touches the contract, its
 * trainer and the docs, and nothing here. So no source of the web app (Java, templates, page assets) names a kind
 * or an algorithm, or imports a kind's class; what it shows of them comes from the served model.
 */
class ModelKindsUnknownTest {

    private static final Path MAIN = Path.of("src", "main");

    @Test
    void noWebAppSourceNamesAKindOrAnAlgorithm() throws IOException {
        var names = new ArrayList<String>();
        for (Algorithm algorithm : Algorithm.values()) {
            names.add(Pattern.quote(algorithm.id()));
            names.add(Pattern.quote(algorithm.displayName()));
        }
        names.add(Pattern.quote(ModelKind.LINEAR));
        names.add(Pattern.quote(ModelKind.TREE_ENSEMBLE));
        // A name in quotes is a list of kinds in the making: "ols", 'gbm', "Random forest".
        Pattern quoted = Pattern.compile("[\"'](" + String.join("|", names) + ")[\"']");
        Pattern kindClass = Pattern.compile("\\bcom\\.salaryml\\.artifact\\.kind\\.");

        var found = new ArrayList<String>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (quoted.matcher(line).find() || kindClass.matcher(line).find()) {
                    found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(found).as("web-app sources that name a model kind or an algorithm").isEmpty();
    }

    @Test
    void theScanReadsTheWebAppsSources() throws IOException {
        // Guards the test above against passing because it read nothing.
        assertThat(sources()).extracting(path -> path.getFileName().toString())
                .contains("web.xml", "page.js").anyMatch(name -> name.endsWith(".java"));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().matches(".*\\.(java|json|js|html|xml|css|properties)$"))
                    .sorted().toList();
        }
    }
}
