package dev.ironclaw4j.guard.safety;

/**
 * A small confusables table: letters from other scripts that look like Latin letters, folded to the
 * Latin letter they imitate. Input is already NFKC-normalized and lower-cased, so fullwidth forms and
 * mathematical alphanumerics never reach it. Deliberately small (the lookalikes actually used in
 * homoglyph attacks on English text), instead of the full Unicode confusables data (which needs ICU).
 */
final class Confusables {
  private Confusables() {}

  private static final char[] MAP = new char[0x2000];

  static {
    String pairs =
        // Cyrillic
        "аaвbеeёeкkмmнhоoрpсcтtуyхxіiїiјjѕsԁdԛqԝwһhӏlɡgпnгrьb"
            // Greek
            + "αaβbγyεeηnιiκkνvοoρpτtυuχxωwϲcϳjμuσoςcδdζz"
            // Latin lookalikes outside ASCII
            + "ıiȷjɑaɩiᴀaʙbᴄcᴅdᴇeɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzſs"
            // Armenian
            + "օoսuոnհhզqցg";
    for (int i = 0; i + 1 < pairs.length(); i += 2) {
      char from = pairs.charAt(i);
      char to = pairs.charAt(i + 1);
      if (from < MAP.length && from != to) {
        MAP[from] = to;
      }
    }
  }

  /** The Latin letter {@code c} imitates, or {@code c} itself. */
  static char fold(char c) {
    if (c < 0x80 || c >= MAP.length) {
      return c;
    }
    char m = MAP[c];
    return m == 0 ? c : m;
  }
}
