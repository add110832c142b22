package dev.ironclaw4j.guard.sandbox;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The whole environment of a child: a minimal {@code PATH}, {@code HOME} and {@code LANG=C.UTF-8}, then
 * {@link ProcessSandbox.Spec#env()}. Nothing is inherited from the server. A variable that steers the
 * dynamic loader ({@code LD_*}, {@code DYLD_*}) or a value that holds a vault secret is refused, not
 * dropped: the configuration that asked for it is wrong and the user should hear so.
 */
final class ChildEnvironment {
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final int MAX_VARIABLES = 256;
  private static final int MAX_BYTES = 128 * 1024;

  private ChildEnvironment() {}

  static Map<String, String> of(Map<String, String> requested, String home, LeakScanner secrets) {
    if (requested.size() > MAX_VARIABLES) {
      throw new SandboxException("env-too-large", "more than " + MAX_VARIABLES + " environment variables were asked for");
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : requested.entrySet()) {
      String name = e.getKey();
      String upper = name.toUpperCase(Locale.ROOT);
      if (upper.startsWith("LD_") || upper.startsWith("DYLD_")) {
        throw new SandboxException("env-unsafe", "the environment variable " + name
            + " would load code into the sandboxed process; remove it from the configuration");
      }
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
        throw new SandboxException("env-invalid", "invalid environment variable name or value: " + name.replace('\0', '?'));
      }
      bytes += name.length() + e.getValue().length();
      for (Finding f : secrets.scan(e.getValue())) {
        if (f.secretName() != null) {
          throw new SandboxException("env-holds-secret", "the environment variable " + name + " holds the vault secret "
              + f.secretName() + "; an untrusted process never gets vault values (let egress inject it into requests)");
        }
      }
    }
    if (bytes > MAX_BYTES) {
      throw new SandboxException("env-too-large", "the environment is larger than " + MAX_BYTES + " characters");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOME", home);
    env.put("LANG", "C.UTF-8");
    env.putAll(requested);
    return env;
  }
}
