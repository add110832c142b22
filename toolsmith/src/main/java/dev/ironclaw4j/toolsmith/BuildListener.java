package dev.ironclaw4j.toolsmith;

/** Receives a build's progress; called on the building thread, in order. */
@FunctionalInterface
public interface BuildListener {
  BuildListener NONE = e -> {};

  void event(BuildEvent event);
}
