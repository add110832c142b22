package dev.ironclaw4j.wasm;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;

/**
 * The CPU budget of one call in {@link Mode#INTERPRETER}: one unit per executed instruction; the
 * call stops with {@code cpu-budget-exceeded} when the budget is spent. Chicory calls execution
 * listeners only in its interpreter.
 */
final class Fuel implements ExecutionListener {
  private final String tool;
  private final long budget;
  private long left;

  Fuel(String tool, long budget) {
    this.tool = tool;
    this.budget = budget;
    this.left = budget;
  }

  @Override
  public void onExecution(Instruction instruction, MStack stack) {
    if (--left < 0) {
      throw new SandboxException("cpu-budget-exceeded", tool + " used up its CPU budget of " + budget + " and was stopped");
    }
  }
}
