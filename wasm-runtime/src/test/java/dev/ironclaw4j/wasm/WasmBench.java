package dev.ironclaw4j.wasm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Side-by-side benchmark of the WASM runtime, printed as figures and ratios (run by
 * {@code benchmarks/wasm-bench.sh}; not a unit test). Measures, on the same module bytes (metered as
 * the runtime runs them): cold load (parse + check + meter + compile), warm per-call cost of a
 * trivial tool (echo, host-side alloc + copy in + call + copy out + JSON check), and a compute kernel
 * (integer LCG loop) in Chicory's compiled mode, its interpreter, and V8 (the first node on PATH: wasm-bench.sh puts node 22 there).
 * Medians; on a shared machine treat them as ±30 %.
 */
public final class WasmBench {
  static final int KERNEL_ROUNDS = 5_000_000;

  private WasmBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    Path out = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "wasm-runtime/target/wasm-bench");
    Files.createDirectories(out);
    ToolManifest manifest = Manifests.parse(Manifests.json("bench", List.of(), List.of(),
        Manifests.limits(120_000, Limits.MAX_FUEL, 4, 65536, 0)));
    byte[] echo = Modules.echo();
    byte[] kernel = Modules.kernel(KERNEL_ROUNDS);
    String input = "{\"text\":\"hello, sandbox\",\"n\":42}";

    System.out.printf(Locale.ROOT, "ironclaw4j WASM runtime benchmark (Chicory 1.7.5, JDK %s, %d cores)%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    double[] cold = new double[2];
    double[] warm = new double[2];
    double[] comp = new double[2];
    for (Mode mode : Mode.values()) {
      int i = mode.ordinal();
      cold[i] = median(quick ? 5 : 15, () -> {
        long t = System.nanoTime();
        SandboxedModule.load(echo, manifest, mode).close();
        return (System.nanoTime() - t) / 1e6;
      });
      try (SandboxedModule m = SandboxedModule.load(echo, manifest, mode)) {
        int calls = mode == Mode.COMPILED ? 2000 : 500;
        for (int w = 0; w < calls; w++) {
          m.invoke(input, HostServices.none());
        }
        warm[i] = median(quick ? 3 : 7, () -> {
          long t = System.nanoTime();
          for (int c = 0; c < calls; c++) {
            m.invoke(input, HostServices.none());
          }
          return (System.nanoTime() - t) / 1e3 / calls;
        });
      }
      try (SandboxedModule m = SandboxedModule.load(kernel, manifest, mode)) {
        int reps = mode == Mode.COMPILED ? (quick ? 5 : 11) : (quick ? 1 : 3);
        for (int w = 0; w < (mode == Mode.COMPILED ? 20 : 1); w++) {
          m.invoke("{}", HostServices.none()); // let the JIT compile the translated loop first
        }
        comp[i] = median(reps, () -> {
          long t = System.nanoTime();
          m.invoke("{}", HostServices.none());
          return (System.nanoTime() - t) / 1e6;
        });
      }
    }
    double[] raw = new double[2];
    for (boolean metered : new boolean[] {false, true}) {
      byte[] bytes = metered ? Metering.instrument("bench", kernel, Limits.MAX_FUEL) : kernel;
      var module = com.dylibso.chicory.wasm.Parser.parse(bytes);
      var factory = com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module);
      for (int w = 0; w < 20; w++) {
        com.dylibso.chicory.runtime.Instance.builder(module).withMachineFactory(factory).build().export("call").apply(0, 0);
      }
      raw[metered ? 1 : 0] = median(quick ? 5 : 11, () -> {
        var inst = com.dylibso.chicory.runtime.Instance.builder(module).withMachineFactory(factory).build();
        long t = System.nanoTime();
        inst.export("call").apply(0, 0);
        return (System.nanoTime() - t) / 1e6;
      });
    }
    Files.write(out.resolve("echo.wasm"), Metering.instrument("bench", echo, Limits.MAX_FUEL));
    Files.write(out.resolve("kernel.wasm"), Metering.instrument("bench", kernel, Limits.MAX_FUEL));
    JsonNode v8 = node(out, input);

    System.out.printf(Locale.ROOT, "%-34s %12s %12s %12s%n", "", "compiled", "interpreter", "V8 (node)");
    System.out.printf(Locale.ROOT, "%-34s %12.2f %12.2f %12s%n", "cold load of a tool (ms)", cold[0], cold[1], "-");
    System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f %12s%n", "warm call of echo tool (us)", warm[0], warm[1],
        v8 == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v8.get("echoUs").doubleValue()));
    System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f %12s%n", "kernel, " + KERNEL_ROUNDS + " rounds (ms)", comp[0], comp[1],
        v8 == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v8.get("kernelMs").doubleValue()));
    // The bare figure swings widely between runs (the JIT may optimize the unmetered loop away in
    // part); read it as an indication of what metering costs on a tight loop, not a measurement.
    System.out.printf(Locale.ROOT, "%-34s %12.1f (same loop metered, bare Chicory: %.1f; unstable, see source)%n",
        "kernel, bare Chicory unmetered (ms)", raw[0], raw[1]);
    System.out.printf(Locale.ROOT, "ratios: kernel interpreter/compiled = %.1fx", comp[1] / comp[0]);
    if (v8 != null) {
      System.out.printf(Locale.ROOT, ", compiled/V8 = %.1fx, interpreter/V8 = %.1fx; echo call compiled/V8 = %.1fx (node %s)",
          comp[0] / v8.get("kernelMs").doubleValue(), comp[1] / v8.get("kernelMs").doubleValue(),
          warm[0] / v8.get("echoUs").doubleValue(), v8.get("node").asString());
    }
    System.out.println();
    System.out.println("The Chicory call includes a fresh instance per call, a thread hand-off for the deadline, and the output JSON"
        + " check; the V8 figure is the bare call (alloc + copy + call + decode) of the same metered module.");
  }

  interface Sample {
    double take() throws Exception;
  }

  static double median(int n, Sample s) throws Exception {
    List<Double> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(s.take());
    }
    xs.sort(Double::compare);
    return xs.get(xs.size() / 2);
  }

  /** Runs the same modules in node (V8); null when node is missing or fails. */
  static JsonNode node(Path dir, String input) throws Exception {
    Path script = dir.resolve("v8-bench.mjs");
    Files.writeString(script, """
        import { readFileSync } from 'node:fs';
        const dir = process.argv[2], input = new TextEncoder().encode(process.argv[3]);
        const load = f => new WebAssembly.Instance(new WebAssembly.Module(readFileSync(dir + '/' + f)), {}).exports;
        const median = xs => xs.sort((a, b) => a - b)[xs.length >> 1];
        const echo = load('echo.wasm');
        const dec = new TextDecoder();
        const callEcho = () => {
          const p = echo.alloc(input.length);
          new Uint8Array(echo.memory.buffer, p, input.length).set(input);
          const r = echo.call(p, input.length);
          const ptr = Number(r >> 32n), len = Number(r & 0xffffffffn);
          return dec.decode(new Uint8Array(echo.memory.buffer, ptr, len));
        };
        // A fresh instance per batch keeps the bump allocator inside one page, as the JVM side does per call.
        const echoUs = [];
        for (let rep = 0; rep < 9; rep++) {
          const e = load('echo.wasm');
          const t = process.hrtime.bigint();
          for (let i = 0; i < 1000; i++) {
            const p = e.alloc(input.length);
            new Uint8Array(e.memory.buffer, p, input.length).set(input);
            const r = e.call(p, input.length);
            dec.decode(new Uint8Array(e.memory.buffer, Number(r >> 32n), Number(r & 0xffffffffn)));
          }
          echoUs.push(Number(process.hrtime.bigint() - t) / 1e3 / 1000);
        }
        callEcho();
        const kernelMs = [];
        for (let rep = 0; rep < 7; rep++) {
          const k = load('kernel.wasm');
          const t = process.hrtime.bigint();
          k.call(k.alloc(2), 2);
          kernelMs.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        console.log(JSON.stringify({ node: process.version, echoUs: median(echoUs), kernelMs: median(kernelMs) }));
        """);
    try {
      Process p = new ProcessBuilder("node", script.toString(), dir.toString(), input).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0) {
        System.out.println("node failed: " + text);
        return null;
      }
      return JsonMapper.shared().readTree(text.lines().reduce((a, b) -> b).orElse("{}"));
    } catch (java.io.IOException e) {
      System.out.println("node not found on PATH: V8 column skipped");
      return null;
    }
  }
}
