package dev.ironclaw4j.toolsmith;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.teavm.diagnostics.Problem;
import org.teavm.diagnostics.ProblemSeverity;
import org.teavm.model.CallLocation;
import org.teavm.tooling.TeaVMTargetType;
import org.teavm.tooling.TeaVMTool;
import org.teavm.tooling.TeaVMToolException;
import org.teavm.tooling.TeaVMToolLog;
import org.teavm.vm.TeaVMOptimizationLevel;

/**
 * TeaVM ({@code WEBASSEMBLY_GC}) in the build worker: the checked classes, the SDK and TeaVM's class
 * library in, one {@code .wasm} out. Problems that TeaVM can place in the tool's source (an unsupported
 * class library method, say) point to its file and line.
 */
final class TeaVmCompiler {
  record Result(List<Diagnostic> diagnostics, Path wasm) {}

  private TeaVmCompiler() {}

  static Result compile(Path classes, String entryClass, List<Path> libraries, Path out, String fileName) throws TeaVMToolException {
    TeaVMTool tool = new TeaVMTool();
    tool.setTargetType(TeaVMTargetType.WEBASSEMBLY_GC);
    tool.setMainClass(entryClass);
    tool.setTargetDirectory(out.toFile());
    tool.setTargetFileName("tool.wasm");
    tool.setOptimizationLevel(TeaVMOptimizationLevel.ADVANCED);
    tool.setObfuscated(true);
    tool.setDebugInformationGenerated(false);
    tool.setSourceMapsFileGenerated(false);
    List<File> cp = new ArrayList<>();
    cp.add(classes.toFile());
    for (Path p : libraries) {
      cp.add(p.toFile());
    }
    tool.setClassPath(cp);
    tool.setLog(new QuietLog());
    tool.generate();
    List<Diagnostic> diags = new ArrayList<>();
    for (Problem p : tool.getProblemProvider().getProblems()) {
      CallLocation loc = p.getLocation();
      long line = 0;
      String file = loc == null || loc.getSourceLocation() == null ? null : loc.getSourceLocation().getFileName();
      if (file != null && (file.equals(fileName) || file.endsWith("/" + fileName))) {
        line = loc.getSourceLocation().getLine();
      }
      String where = loc != null && loc.getMethod() != null && line == 0 ? " (in " + loc.getMethod() + ")" : "";
      diags.add(new Diagnostic(p.getSeverity() == ProblemSeverity.ERROR ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
          fileName, line, 0, "TeaVM: " + format(p) + where));
    }
    Path wasm = out.resolve("tool.wasm");
    return new Result(diags, Files.exists(wasm) ? wasm : null);
  }

  /** TeaVM's problem text with its {{t0}}-style parameters filled in. */
  private static String format(Problem p) {
    String text = p.getText();
    Object[] params = p.getParams();
    for (int i = 0; params != null && i < params.length; i++) {
      text = text.replaceAll("\\{\\{[a-z]" + i + "}}", java.util.regex.Matcher.quoteReplacement(String.valueOf(params[i])));
    }
    return text;
  }

  /** TeaVM's progress chatter is dropped; its problems are read from the problem provider. */
  private static final class QuietLog implements TeaVMToolLog {
    @Override
    public void info(String text) {}

    @Override
    public void debug(String text) {}

    @Override
    public void warning(String text) {}

    @Override
    public void error(String text) {}

    @Override
    public void info(String text, Throwable e) {}

    @Override
    public void debug(String text, Throwable e) {}

    @Override
    public void warning(String text, Throwable e) {}

    @Override
    public void error(String text, Throwable e) {}
  }
}
