package dev.ironclaw4j.wasm;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main class of a sandbox worker process (started by {@link WorkerSandbox}): loads one tool
 * module and runs its calls. It holds no secret and no socket; every host call goes back to the
 * server over stdin/stdout as a frame. Its heap is bounded by its own {@code -Xmx}: a module that
 * exhausts it ends this process only.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    FileOutputStream rawOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true)); // stdout carries frames only
    Frames pipe = new Frames(new FileInputStream(FileDescriptor.in), rawOut, 64 << 20);
    JsonNode load = pipe.read();
    SandboxedModule module;
    try {
      module = SandboxedModule.loadInWorker(Base64.getDecoder().decode(load.path("wasm").asString()),
          ToolManifest.parse(load.path("manifest").asString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          Mode.valueOf(load.path("mode").asString()));
      pipe.send(Frames.message("loaded"));
    } catch (SandboxException e) {
      pipe.send(error(e));
      return;
    }
    while (true) {
      JsonNode call;
      try {
        call = pipe.read();
      } catch (java.io.EOFException e) {
        return; // the server closed the pipe
      }
      ObjectNode reply;
      try {
        reply = Frames.message("result");
        reply.put("output", module.invoke(call.path("input").asString(), new RemoteHost(pipe)));
      } catch (SandboxException e) {
        reply = error(e);
      }
      pipe.send(reply);
    }
  }

  private static ObjectNode error(SandboxException e) {
    ObjectNode o = Frames.message("error");
    o.put("reason", e.reason());
    o.put("message", e.getMessage());
    return o;
  }

  /** Host calls forwarded to the server; one call at a time, answered in order. */
  private record RemoteHost(Frames pipe) implements HostCalls {
    private JsonNode ask(String fn, String arg, int level) {
      ObjectNode m = Frames.message("host");
      m.put("fn", fn);
      m.put("arg", arg);
      m.put("level", level);
      try {
        pipe.send(m);
        JsonNode r = pipe.read();
        if (!"host-result".equals(r.path("op").asString())) {
          throw new SandboxException("abi-violation", "unexpected message from the server");
        }
        return r.path("value");
      } catch (IOException e) {
        throw new SandboxException("worker-died", "the server went away: " + e.getMessage());
      }
    }

    @Override
    public void log(int level, String text) {
      ask("log", text, level);
    }

    @Override
    public long clockMillis() {
      return ask("clock_ms", "", 0).asLong();
    }

    @Override
    public boolean secretExists(String name) {
      return ask("secret_exists", name, 0).asBoolean();
    }

    @Override
    public String http(String requestJson) {
      return ask("http", requestJson, 0).asString();
    }

    @Override
    public String workspaceRead(String path) {
      return ask("workspace_read", path, 0).asString();
    }

    @Override
    public String kv(String requestJson) {
      return ask("kv", requestJson, 0).asString();
    }

    @Override
    public String invokeTool(String requestJson) {
      return ask("invoke_tool", requestJson, 0).asString();
    }
  }
}
