package dev.ironclaw4j.guard.safety;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Limits on tool parameters and outputs: size, encoding, JSON depth, string length and entry count.
 * Every violation is a {@link SafetyException} whose message names the limit and its value.
 * Thread-safe.
 */
public final class InputValidator {
  /**
   * The limits. All must be positive; there are no hidden defaults beyond {@link #standard()}.
   *
   * @param maxChars largest text (UTF-16 chars) or JSON document accepted
   * @param maxJsonDepth deepest nesting of arrays and objects
   * @param maxJsonStringChars longest string value or property name
   * @param maxJsonEntries most values (scalars, arrays, objects) in one document
   */
  public record Limits(int maxChars, int maxJsonDepth, int maxJsonStringChars, int maxJsonEntries) {
    public Limits {
      if (maxChars < 1 || maxJsonDepth < 1 || maxJsonStringChars < 1 || maxJsonEntries < 1) {
        throw new IllegalArgumentException("every limit must be positive");
      }
    }

    /** 10 Mi chars, depth 64, strings of 1 Mi chars, 100 000 entries. */
    public static Limits standard() {
      return new Limits(10 * 1024 * 1024, 64, 1024 * 1024, 100_000);
    }
  }

  private final Limits limits;
  private final JsonFactory json;

  public InputValidator(Limits limits) {
    this.limits = limits;
    // Jackson's own limits sit just above ours, so ours fire first with a clear message.
    this.json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth() + 1)
            .maxStringLength(limits.maxJsonStringChars() + 1)
            .maxNameLength(limits.maxJsonStringChars() + 1)
            .maxDocumentLength(limits.maxChars() + 1L)
            .build())
        .build();
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Checks text that must be well-formed: at most {@code maxChars}, no NUL, no unpaired surrogate.
   * {@code what} names the input in the message (e.g. {@code "parameter 'path' of tool 'read_file'"}).
   */
  public void checkText(String text, String what) {
    checkSize(text.length(), what);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new SafetyException("nul-character", what + " contains a NUL character at offset " + i
            + "; NUL is not allowed in text");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new SafetyException("invalid-utf16", what + " has an unpaired surrogate at offset " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw new SafetyException("invalid-utf16", what + " has an unpaired surrogate at offset " + i);
      }
    }
  }

  /** Decodes strict UTF-8 of at most {@code maxChars} bytes; malformed input is an error. */
  public String decodeUtf8(byte[] bytes, String what) {
    checkSize(bytes.length, what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SafetyException("invalid-utf8", what + " is not valid UTF-8");
    }
  }

  /**
   * Checks a JSON document (tool parameters or a structured tool output) against the size, depth,
   * string-length and entry-count limits, and that it is one well-formed JSON value.
   */
  public void checkJson(String document, String what) {
    checkSize(document.length(), what);
    int depth = 0;
    long entries = 0;
    try (JsonParser p = json.createParser(ObjectReadContext.empty(), document)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            depth++;
            entries++;
            if (depth > limits.maxJsonDepth()) {
              throw new SafetyException("json-too-deep", what + " nests deeper than the limit maxJsonDepth="
                  + limits.maxJsonDepth());
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case PROPERTY_NAME, VALUE_STRING -> {
            if (t == JsonToken.VALUE_STRING) {
              entries++;
            }
            if (p.getStringLength() > limits.maxJsonStringChars()) {
              throw new SafetyException("json-string-too-long", what + " has a string of " + p.getStringLength()
                  + " chars, over the limit maxJsonStringChars=" + limits.maxJsonStringChars());
            }
          }
          default -> entries++;
        }
        if (entries > limits.maxJsonEntries()) {
          throw new SafetyException("json-too-many-entries", what + " has more than maxJsonEntries="
              + limits.maxJsonEntries() + " values");
        }
      }
    } catch (SafetyException e) {
      throw e;
    } catch (JacksonException e) {
      String msg = e.getOriginalMessage();
      if (msg != null && msg.contains("nesting depth")) {
        throw new SafetyException("json-too-deep", what + " nests deeper than the limit maxJsonDepth="
            + limits.maxJsonDepth());
      }
      if (msg != null && (msg.contains("String value length") || msg.contains("Name length"))) {
        throw new SafetyException("json-string-too-long", what + " has a string over the limit maxJsonStringChars="
            + limits.maxJsonStringChars());
      }
      throw new SafetyException("json-invalid", what + " is not valid JSON: "
          + (msg == null ? "parse error" : msg.lines().findFirst().orElse("parse error")));
    }
  }

  /**
   * Untrusted output is shown, not rejected, when its encoding is broken: NUL characters and unpaired
   * surrogates become U+FFFD. Size is still checked.
   */
  public String cleanOutput(String text, String what) {
    checkSize(text.length(), what);
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean bad = c == 0 || (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))))
          || (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))));
      if (bad && b == null) {
        b = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (b != null) {
        b.append(bad ? '\uFFFD' : c);
      }
    }
    return b == null ? text : b.toString();
  }

  private void checkSize(long size, String what) {
    if (size > limits.maxChars()) {
      throw new SafetyException("too-large", what + " is " + size + " chars, over the limit maxChars="
          + limits.maxChars());
    }
  }
}
