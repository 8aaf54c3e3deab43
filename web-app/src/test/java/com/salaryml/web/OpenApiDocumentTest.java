package com.salaryml.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The hand-written OpenAPI document, {@code src/main/webapp/openapi.json}: a real OpenAPI parser accepts it,
 * and it documents every address web.xml maps, so a new servlet cannot ship undocumented.
 */
class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("src/main/webapp/openapi.json");
    private static final Path WEB_XML = Path.of("src/main/webapp/WEB-INF/web.xml");
    private static final String JAKARTA_EE = "https://jakarta.ee/xml/ns/jakartaee";

    /** What {@code /v2/*} serves: the Open Inference Protocol's REST paths. */
    private static final List<String> V2_PATHS = List.of(
            "/v2",
            "/v2/health/live",
            "/v2/health/ready",
            "/v2/models/{model_name}",
            "/v2/models/{model_name}/versions/{model_version}",
            "/v2/models/{model_name}/ready",
            "/v2/models/{model_name}/versions/{model_version}/ready",
            "/v2/models/{model_name}/infer",
            "/v2/models/{model_name}/versions/{model_version}/infer");

    @Test
    void anOpenApiParserReadsTheDocumentWithoutAComplaint() throws IOException {
        var options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).startsWith("3.1.");
        assertThat(api.getInfo().getTitle()).isNotBlank();
        // Relative, so the document is right under any context path.
        assertThat(api.getServers()).singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("."));
    }

    @Test
    void everyReferenceNamesAComponentThatExists() throws IOException {
        JsonNode root = new ObjectMapper().readTree(document());
        var references = new ArrayList<String>();
        collectReferences(root, references);

        assertThat(references).isNotEmpty().allSatisfy(reference -> {
            assertThat(reference).startsWith("#/");
            assertThat(root.at(reference.substring(1)).isMissingNode()).as(reference + " resolves").isFalse();
        });
    }

    @Test
    void everyAddressInWebXmlIsDocumented() throws Exception {
        Set<String> documented = documentedPaths();
        Document webXml = webXml();
        Set<String> notEndpoints = texts(webXml, "location"); // error pages: a direct request gets a 404

        Set<String> patterns = texts(webXml, "url-pattern");
        patterns.removeAll(notEndpoints);
        assertThat(patterns).as("web.xml's url-patterns").isNotEmpty().contains("/v2/*");
        for (String pattern : patterns) {
            if (pattern.equals("/*")) {
                continue; // a filter's, not a servlet's
            }
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                List<String> required = pattern.equals("/v2/*") ? V2_PATHS : List.of();
                assertThat(documented).as("the paths under " + pattern).containsAll(required)
                        .anyMatch(path -> path.startsWith(prefix + "/"));
            } else {
                assertThat(documented).as("pattern \"" + pattern + "\"").contains(pattern.isEmpty() ? "/" : pattern);
            }
        }
    }

    @Test
    void everyDocumentedPathIsServedByAServletOrIsAFileOfTheWar() throws Exception {
        Set<String> patterns = texts(webXml(), "url-pattern");
        for (String path : documentedPaths()) {
            boolean servlet = patterns.contains(path) || (path.equals("/") && patterns.contains(""))
                    || patterns.stream().anyMatch(pattern -> pattern.endsWith("/*") && !pattern.equals("/*")
                    && path.startsWith(pattern.substring(0, pattern.length() - 1)));
            boolean file = Files.isRegularFile(Path.of("src/main/webapp" + path));
            assertThat(servlet || file).as(path + " is served").isTrue();
        }
    }

    private static String document() throws IOException {
        return Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    }

    private static Set<String> documentedPaths() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(document()).get("paths");
        var names = new TreeSet<String>();
        paths.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, references));
        }
    }

    private static Document webXml() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // web.xml names its schema; nothing is fetched, and no DTD or entity is ever read.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(WEB_XML.toFile());
    }

    private static Set<String> texts(Document document, String element) {
        NodeList nodes = document.getElementsByTagNameNS(JAKARTA_EE, element);
        var texts = new TreeSet<String>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(((Element) nodes.item(i)).getTextContent().strip());
        }
        return texts;
    }
}
