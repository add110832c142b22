package dev.ironclaw4j.guard.tool;

/** What a tool can do beyond computing on its input; drives approvals and the trifecta guard. */
public enum Effect {
  /** Sends or receives data over the network (through egress). Can carry data out. */
  NETWORK,
  /** Reads the user's private data: files, memory, mail, secrets' metadata. */
  READ_PRIVATE,
  /** Changes files in the workspace. */
  WRITE_FILES,
  /** Runs programs. */
  EXECUTE,
  /** Uses a vault secret (by name; the value is injected by egress). */
  USE_SECRET,
  /** Deletes or irreversibly changes something: always asks, even after "always for this session". */
  DESTRUCTIVE;

  /** Effects through which data can leave the machine. */
  public boolean canExfiltrate() {
    return this == NETWORK || this == EXECUTE;
  }
}
