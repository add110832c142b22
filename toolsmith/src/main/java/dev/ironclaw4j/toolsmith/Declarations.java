package dev.ironclaw4j.toolsmith;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a tool class's SDK declarations ({@code @Tool}, {@code @Param}, {@code @AllowHttp}, ...) from
 * javac's model of the source — nothing of the tool is loaded or run — and checks the class's shape
 * (public, concrete, implements {@code ToolFunction}, public no-argument constructor). The result is
 * plain JSON that {@link ManifestGenerator} turns into the manifest.
 */
final class Declarations {
  private static final String SDK = "dev.ironclaw4j.toolsmith.sdk.";
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final String fileName;
  private final ObjectNode json = JsonMapper.builder().build().createObjectNode();

  Declarations(JavacTask task, String fileName) {
    this.trees = Trees.instance(task);
    this.elements = task.getElements();
    this.types = task.getTypes();
    this.fileName = fileName;
  }

  ObjectNode json() {
    return json;
  }

  void read(CompilationUnitTree cu, String simpleName, List<Diagnostic> diags) {
    for (Tree t : cu.getTypeDecls()) {
      if (t instanceof ClassTree c && c.getSimpleName().contentEquals(simpleName)
          && trees.getElement(trees.getPath(cu, t)) instanceof TypeElement te) {
        long line = cu.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(cu, t));
        shape(te, line, diags);
        json.put("class", elements.getBinaryName(te).toString());
        json.put("line", line);
        ArrayNode params = json.putArray("params");
        ArrayNode http = json.putArray("http");
        ArrayNode secrets = json.putArray("secrets");
        ArrayNode workspace = json.putArray("workspace_read");
        ArrayNode examples = json.putArray("examples");
        for (AnnotationMirror a : te.getAnnotationMirrors()) {
          String type = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
          if (!type.startsWith(SDK)) {
            continue;
          }
          switch (type.substring(SDK.length())) {
            case "Tool" -> json.set("tool", values(a));
            case "InputSchema" -> json.put("input_schema", values(a).path("value").asString());
            case "Limits" -> json.set("limits", values(a));
            case "Param", "Param.List" -> repeated(a, params, false);
            case "AllowHttp", "AllowHttp.List" -> repeated(a, http, false);
            case "Secret", "Secret.List" -> repeated(a, secrets, true);
            case "WorkspaceRead", "WorkspaceRead.List" -> repeated(a, workspace, true);
            case "Example", "Example.List" -> repeated(a, examples, false);
            default -> { }
          }
        }
      }
    }
  }

  private void shape(TypeElement te, long line, List<Diagnostic> diags) {
    if (!te.getModifiers().contains(Modifier.PUBLIC) || te.getModifiers().contains(Modifier.ABSTRACT)
        || te.getKind() != ElementKind.CLASS) {
      diags.add(Diagnostic.error(fileName, line, 0, "the @Tool class must be a public, non-abstract class"));
    }
    TypeMirror fn = elements.getTypeElement(SDK + "ToolFunction").asType();
    if (!types.isAssignable(te.asType(), fn)) {
      diags.add(Diagnostic.error(fileName, line, 0, "the @Tool class must implement ToolFunction (Json call(Json input))"));
    }
    boolean ctor = false;
    boolean anyCtor = false;
    for (Element e : te.getEnclosedElements()) {
      if (e.getKind() == ElementKind.CONSTRUCTOR) {
        anyCtor = true;
        ctor |= e.getModifiers().contains(Modifier.PUBLIC) && ((ExecutableElement) e).getParameters().isEmpty();
      }
    }
    if (anyCtor && !ctor) {
      diags.add(Diagnostic.error(fileName, line, 0, "the @Tool class needs a public constructor without parameters"));
    }
  }

  /** One annotation or its repeat container, flattened into {@code out}. */
  private void repeated(AnnotationMirror a, ArrayNode out, boolean onlyValue) {
    ObjectNode v = values(a);
    if (a.getAnnotationType().asElement().getSimpleName().contentEquals("List")) {
      for (tools.jackson.databind.JsonNode item : v.path("value")) {
        out.add(onlyValue ? item.path("value") : item);
      }
    } else {
      out.add(onlyValue ? v.path("value") : v);
    }
  }

  private ObjectNode values(AnnotationMirror a) {
    ObjectNode o = json.objectNode();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : elements.getElementValuesWithDefaults(a).entrySet()) {
      o.set(e.getKey().getSimpleName().toString(), value(e.getValue().getValue()));
    }
    return o;
  }

  private tools.jackson.databind.JsonNode value(Object v) {
    if (v instanceof AnnotationMirror m) {
      return values(m);
    }
    if (v instanceof List<?> l) {
      ArrayNode arr = json.arrayNode();
      for (Object item : l) {
        arr.add(value(((AnnotationValue) item).getValue()));
      }
      return arr;
    }
    if (v instanceof Boolean b) {
      return json.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return json.numberNode(i);
    }
    if (v instanceof Long l) {
      return json.numberNode(l);
    }
    return json.stringNode(String.valueOf(v));
  }
}
