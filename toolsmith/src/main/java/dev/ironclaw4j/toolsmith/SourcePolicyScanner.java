package dev.ironclaw4j.toolsmith;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The source half of the reference check: every name in the tool's source that resolves to a class,
 * field, method or constructor is checked against the {@link ReferencePolicy}, and a refusal is an
 * error at that file and line ({@code import java.io.File;} fails on the import line).
 */
final class SourcePolicyScanner extends TreePathScanner<Void, List<Diagnostic>> {
  private final Trees trees;
  private final Elements elements;
  private final String fileName;
  private final Set<String> reported = new HashSet<>();
  private CompilationUnitTree unit;
  private ReferencePolicy policy;

  SourcePolicyScanner(JavacTask task, String fileName) {
    this.trees = Trees.instance(task);
    this.elements = task.getElements();
    this.fileName = fileName;
  }

  void check(CompilationUnitTree cu, List<Diagnostic> out) {
    unit = cu;
    Set<String> own = new HashSet<>();
    for (Tree t : cu.getTypeDecls()) {
      Element e = trees.getElement(trees.getPath(cu, t));
      if (e instanceof TypeElement te) {
        collect(te, own);
      }
    }
    policy = new ReferencePolicy(own);
    scan(new com.sun.source.util.TreePath(cu), out);
  }

  private void collect(TypeElement te, Set<String> own) {
    own.add(elements.getBinaryName(te).toString().replace('.', '/'));
    for (Element m : te.getEnclosedElements()) {
      if (m instanceof TypeElement inner) {
        collect(inner, own);
      }
    }
  }

  @Override
  public Void visitIdentifier(IdentifierTree node, List<Diagnostic> out) {
    check(node, out);
    return super.visitIdentifier(node, out);
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree node, List<Diagnostic> out) {
    check(node, out);
    return super.visitMemberSelect(node, out);
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, List<Diagnostic> out) {
    check(node, out);
    return super.visitMemberReference(node, out);
  }

  @Override
  public Void visitNewClass(NewClassTree node, List<Diagnostic> out) {
    check(node, out);
    return super.visitNewClass(node, out);
  }

  private void check(Tree node, List<Diagnostic> out) {
    Element e = trees.getElement(getCurrentPath());
    if (e == null || e.asType() == null || e.asType().getKind() == javax.lang.model.type.TypeKind.ERROR
        || e.getEnclosingElement() != null && e.getEnclosingElement().asType() != null
        && e.getEnclosingElement().asType().getKind() == javax.lang.model.type.TypeKind.ERROR) {
      return; // unresolved: javac reports it
    }
    String refusal = null;
    ElementKind k = e.getKind();
    if (k.isClass() || k.isInterface()) {
      refusal = policy.classRefusal(internal((TypeElement) e));
    } else if (k == ElementKind.METHOD || k == ElementKind.CONSTRUCTOR || k == ElementKind.FIELD
        || k == ElementKind.ENUM_CONSTANT) {
      if (e.getEnclosingElement() instanceof TypeElement owner && !isArrayMember(owner)) {
        refusal = policy.memberRefusal(internal(owner), k == ElementKind.CONSTRUCTOR ? "<init>" : e.getSimpleName().toString());
      }
    }
    if (refusal != null) {
      long pos = trees.getSourcePositions().getStartPosition(unit, node);
      long line = unit.getLineMap().getLineNumber(pos);
      if (reported.add(line + refusal)) {
        out.add(Diagnostic.error(fileName, line, unit.getLineMap().getColumnNumber(pos), refusal));
      }
    }
  }

  /** {@code array.length} and {@code array.clone()} belong to javac's synthetic class {@code Array}. */
  private boolean isArrayMember(TypeElement owner) {
    return owner.getQualifiedName().contentEquals("Array") && !policy.isOwn("Array");
  }

  private String internal(TypeElement te) {
    return elements.getBinaryName(te).toString().replace('.', '/');
  }
}
