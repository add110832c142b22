package dev.ironclaw4j.guard.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionHookTest {
  @Test
  void appliesEveryRegisteredRedactorInOrder() {
    RedactionHook hook = new RedactionHook();
    hook.register(t -> t.replace("alpha", "[REDACTED:A]"));
    hook.register(t -> t.replace("beta", "[REDACTED:B]"));
    assertEquals("x [REDACTED:A] [REDACTED:B]", hook.redact("x alpha beta"));
  }

  @Test
  void unregisteredRedactorNoLongerApplies() {
    RedactionHook hook = new RedactionHook();
    Redactor r = t -> t.replace("alpha", "[REDACTED]");
    hook.register(r);
    hook.unregister(r);
    assertEquals("alpha", hook.redact("alpha"));
  }

  @Test
  void failingRedactorWithholdsTheWholeLine() {
    RedactionHook hook = new RedactionHook();
    hook.register(t -> {
      throw new IllegalStateException("boom");
    });
    assertEquals(RedactionHook.UNREDACTABLE, hook.redact("secret-bearing line"));
    RedactionHook nulls = new RedactionHook();
    nulls.register(t -> null);
    assertEquals(RedactionHook.UNREDACTABLE, nulls.redact("secret-bearing line"));
  }
}
