package dev.ironclaw4j.toolsmith.sdk;

/** Reads workspace files under the prefixes declared with {@link WorkspaceRead} (UTF-8 text, 512 KiB at most). */
public final class Workspace {
  private Workspace() {}

  /** The text of a workspace-relative path such as {@code docs/guide.md}. */
  public static String read(String path) {
    return Abi.checked(Abi.answer(Abi.workspaceRead(path.toCharArray()))).get("content").asString();
  }
}
