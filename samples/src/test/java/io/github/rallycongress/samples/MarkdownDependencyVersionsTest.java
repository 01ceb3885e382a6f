package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Every {@code <dependency>} with a {@code <version>} in a ```xml block of a Markdown file names the
 * version this build uses: ours for {@code io.github.rallycongress} artifacts, the root POM's
 * managed version for the others (a README telling users to add {@code sqlite-jdbc} 3.54.1.0 must
 * change when the build moves on). An artifact the root POM does not manage fails too: nothing
 * would keep its version true. In the Gradle blocks (```kotlin, ```groovy), every
 * {@code "io.github.rallycongress:ARTIFACT:VERSION"} names ours; their other coordinates (Android's
 * {@code desugar_jdk_libs}) are not the build's dependencies.
 */
class MarkdownDependencyVersionsTest {
  private static final Pattern XML_BLOCK = Pattern.compile("(?ms)^```xml\\s*\\n(.*?)^```");
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final Pattern GRADLE_BLOCK = Pattern.compile("(?ms)^```(?:kotlin|groovy|gradle)\\s*\\n(.*?)^```");
  /** Our coordinates with a version, as Gradle writes them ({@code platform("group:artifact:version")}). */
  private static final Pattern GRADLE_OURS = Pattern.compile("[\"'](io\\.github\\.rallycongress:[^:\"']+):([^:\"']+)[\"']");

  @Test
  void everyVersionInTheDocsIsTheBuildsVersion() throws Exception {
    Element pom = parse(Files.readString(MarkdownJavaBlocksTest.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8))
        .getDocumentElement();
    Map<String, String> properties = new HashMap<>();
    for (Element property : children(child(pom, "properties"))) {
      properties.put(property.getTagName(), property.getTextContent().trim());
    }
    String ours = text(pom, "version");
    properties.put("project.version", ours);
    Map<String, String> managed = new HashMap<>();
    for (Element dependency : elements(child(child(pom, "dependencyManagement"), "dependencies"), "dependency")) {
      managed.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"),
          resolve(text(dependency, "version"), properties));
    }

    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Path file : MarkdownJavaBlocksTest.markdownFiles()) {
      String markdown = Files.readString(file, StandardCharsets.UTF_8);
      Matcher gradle = GRADLE_BLOCK.matcher(markdown);
      while (gradle.find()) {
        Matcher dependency = GRADLE_OURS.matcher(gradle.group(1));
        while (dependency.find()) {
          String where = MarkdownJavaBlocksTest.ROOT.relativize(file) + ": " + dependency.group(1) + ":"
              + dependency.group(2);
          checked.add(where);
          if (!dependency.group(2).equals(ours)) {
            wrong.add(where + " (the build uses " + ours + ")");
          }
        }
      }
      Matcher block = XML_BLOCK.matcher(markdown);
      while (block.find()) {
        Document xml;
        try {
          xml = parse("<block>" + block.group(1) + "</block>");
        } catch (org.xml.sax.SAXParseException e) {
          throw new AssertionError(MarkdownJavaBlocksTest.ROOT.relativize(file) + ": an xml block that is not"
              + " well-formed XML (" + e.getMessage() + ")", e);
        }
        for (Element dependency : elements(xml.getDocumentElement(), "dependency")) {
          String version = text(dependency, "version");
          if (version == null) {
            continue; // managed by the BOM the block imports
          }
          String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
          String expected = coordinates.startsWith("io.github.rallycongress:") ? ours : managed.get(coordinates);
          String where = MarkdownJavaBlocksTest.ROOT.relativize(file) + ": " + coordinates + ":" + version;
          checked.add(where);
          if (!version.equals(expected)) {
            wrong.add(where + (expected == null ? " (the root POM does not manage it)" : " (the build uses " + expected
                + ")"));
          }
        }
      }
    }
    assertThat(checked).as("versioned dependencies found in the Markdown files").isNotEmpty();
    assertThat(wrong).as("versions in the docs that are not the build's").isEmpty();
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher property = PROPERTY.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (property.find()) {
      String replacement = properties.get(property.group(1));
      assertThat(replacement).as("property %s of the root POM", property.group(1)).isNotNull();
      property.appendReplacement(resolved, Matcher.quoteReplacement(resolve(replacement, properties)));
    }
    return property.appendTail(resolved).toString();
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static Element child(Element parent, String name) {
    for (Element child : children(parent)) {
      if (child.getTagName().equals(name)) {
        return child;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (int i = 0; i < parent.getChildNodes().getLength(); i++) {
      if (parent.getChildNodes().item(i) instanceof Element) {
        children.add((Element) parent.getChildNodes().item(i));
      }
    }
    return children;
  }

  private static List<Element> elements(Element root, String name) {
    NodeList found = root.getElementsByTagName(name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < found.getLength(); i++) {
      elements.add((Element) found.item(i));
    }
    return elements;
  }

  /** The text of {@code parent}'s own child {@code name}, or null if it has none. */
  private static String text(Element parent, String name) {
    for (Element child : children(parent)) {
      if (child.getTagName().equals(name)) {
        return child.getTextContent().trim();
      }
    }
    return null;
  }
}
