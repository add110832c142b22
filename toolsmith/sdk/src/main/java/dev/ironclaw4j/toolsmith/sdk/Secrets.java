package dev.ironclaw4j.toolsmith.sdk;

/**
 * Secrets as placeholders: a tool never holds a secret value. It writes {@link #placeholder} into a
 * header, URL or body of an {@link Http} request; egress replaces it with the value only where the
 * vault binding of that secret allows the destination. Only secrets declared with {@link Secret}.
 */
public final class Secrets {
  private Secrets() {}

  /** {@code {{secret:NAME}}}. */
  public static String placeholder(String name) {
    return "{{secret:" + name + "}}";
  }

  /** Whether the secret is declared by this tool and present in the vault (never its value). */
  public static boolean exists(String name) {
    return Abi.secretExists(name.toCharArray()) == 1;
  }
}
