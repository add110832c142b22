package dev.ironclaw4j.guard.attest;

import java.util.Objects;

/**
 * The outcome of one check on one attested node.
 *
 * @param node which node of the report: {@code gateway}, or {@code model[0]:NAME}, ...
 * @param check what was checked, e.g. {@code quote signature}
 * @param status pass; fail; unverified (could not be made, and the policy lets that pass, said so); or
 *     skipped (not made because a check it depends on failed)
 * @param reason the {@link Reason} code when it failed or is unverified, else empty
 * @param detail one line for the user: what was found
 */
public record CheckResult(String node, String check, Status status, String reason, String detail) {
  /** The outcome of a check. */
  public enum Status { PASS, FAIL, UNVERIFIED, SKIPPED }

  public CheckResult {
    Objects.requireNonNull(node);
    Objects.requireNonNull(check);
    Objects.requireNonNull(status);
    reason = reason == null ? "" : reason;
    detail = detail == null ? "" : detail;
  }

  static CheckResult pass(String node, String check, String detail) {
    return new CheckResult(node, check, Status.PASS, "", detail);
  }

  static CheckResult fail(String node, String check, String reason, String detail) {
    return new CheckResult(node, check, Status.FAIL, reason, detail);
  }

  static CheckResult skipped(String node, String check, String detail) {
    return new CheckResult(node, check, Status.SKIPPED, "", detail);
  }

  public boolean failed() {
    return status == Status.FAIL;
  }

  /** One line: status, check, node, then {@code [reason]} and the detail. */
  public String line() {
    return String.format("%-10s %-22s %-20s %s%s", status, check, node, reason.isEmpty() ? "" : "[" + reason + "] ", detail);
  }
}
