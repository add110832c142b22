package dev.ironclaw4j.guard.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {{secret:NAME}}} placeholder syntax. */
final class Placeholders {
  static final String START = "{{secret:";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern TOKEN = Pattern.compile("\\{\\{secret:([A-Za-z0-9_.-]{1,128})}}");

  private Placeholders() {}

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  static boolean mentions(String text) {
    return text != null && text.contains(START);
  }

  /** Names of the well-formed placeholders in the text, in order. */
  static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String of(String name) {
    return START + name + "}}";
  }
}
