package dev.ironclaw4j.guard.leak;

import dev.ironclaw4j.guard.redact.Redactor;
import dev.ironclaw4j.guard.vault.KnownSecrets;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The leak detector: known vault values in any common encoding (always {@code BLOCK}) and more than 80
 * credential formats, in the text as written and in its URL-decoded, JSON-unescaped and base64-decoded
 * views, with spans mapped back to the original.
 *
 * <p><b>Offsets</b> are Java {@code char} (UTF-16) offsets into the scanned {@link CharSequence}; the
 * streaming API can report Unicode code point offsets instead.
 *
 * <p><b>Bounds.</b> Input of any length is accepted: it is processed in chunks of {@link #CHUNK}
 * characters, each scanned together with the next {@link #OVERLAP} characters (longer than any
 * pattern's span) so nothing is missed at a chunk edge. Extra memory per scan is proportional to one
 * chunk, not to the input. At most {@code maxFindings} findings are returned per call (default
 * {@value #DEFAULT_MAX_FINDINGS}); callers that must know whether the list was cut off use
 * {@link #scan(Reader, boolean, Consumer)}, whose return value says.
 * Streams longer than {@link Integer#MAX_VALUE} characters are refused.
 *
 * <p>Thread-safe. The known-value matcher is rebuilt when {@link KnownSecrets#version()} changes.
 */
public final class LeakDetector implements LeakScanner {
  /** Characters reported per chunk. */
  public static final int CHUNK = 1 << 20;
  /** Characters scanned past a chunk's end; larger than {@link Rule#MAX_SPAN}. */
  public static final int OVERLAP = 32 * 1024;
  /** Characters before a chunk kept as context (word boundaries, keywords before a value). */
  static final int CONTEXT = 512;
  /** Default cap on findings per call. */
  public static final int DEFAULT_MAX_FINDINGS = 10_000;

  private static final PatternEngine ENGINE = new PatternEngine(Rules.all());

  private final KnownSecrets known;
  private final int maxFindings;
  private volatile KnownMatcher knownMatcher;

  /** A detector with no vault: credential patterns only. */
  public LeakDetector() {
    this(KnownSecrets.NONE, DEFAULT_MAX_FINDINGS);
  }

  public LeakDetector(KnownSecrets known) {
    this(known, DEFAULT_MAX_FINDINGS);
  }

  public LeakDetector(KnownSecrets known, int maxFindings) {
    this.known = Objects.requireNonNull(known, "known");
    if (maxFindings < 1) {
      throw new IllegalArgumentException("maxFindings must be at least 1");
    }
    this.maxFindings = maxFindings;
  }

  /** Every finding type the pattern catalogue can report (besides {@code known_secret}). */
  public static java.util.SortedSet<String> patternTypes() {
    return Rules.types();
  }

  /** Characters handed to full patterns so far, over all detectors (a work counter for tests). */
  static long regexWork() {
    return ENGINE.regexChars();
  }

  @Override
  public List<Finding> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    KnownMatcher km = matcher();
    List<Finding> all = new ArrayList<>();
    int n = text.length();
    int lastEnd = 0;
    for (int base = 0; base < n && all.size() < maxFindings; base += CHUNK) {
      int reportTo = Math.min(n, base + CHUNK);
      int from = Math.max(0, base - CONTEXT);
      int to = Math.min(n, reportTo + OVERLAP);
      for (Finding f : scanWindow(km, text, from, to, base, reportTo == n ? to : reportTo)) {
        if (f.start() >= lastEnd && all.size() < maxFindings) {
          all.add(f);
          lastEnd = f.end();
        }
      }
    }
    return List.copyOf(all);
  }

  /**
   * Scans a stream with bounded memory (one chunk plus overlap), handing each finding to {@code sink}
   * in order of start offset.
   *
   * @param codePoints report Unicode code point offsets instead of UTF-16 char offsets
   * @return true if the findings were cut off at {@code maxFindings}
   */
  public boolean scan(Reader in, boolean codePoints, Consumer<Finding> sink) throws IOException {
    KnownMatcher km = matcher();
    char[] buf = new char[CONTEXT + CHUNK + OVERLAP];
    Chars chars = new Chars(buf);
    int len = 0;
    long base = 0; // absolute char offset of buf[0]
    long cpBase = 0; // code points before buf[0]
    int cursor = 0; // index in buf up to which code points are counted
    long cpCursor = 0;
    int reportFrom = 0;
    long lastEnd = 0;
    int count = 0;
    boolean eof = false;
    while (true) {
      while (!eof && len < buf.length) {
        int r = in.read(buf, len, buf.length - len);
        if (r < 0) {
          eof = true;
        } else {
          len += r;
        }
      }
      if (base + len > Integer.MAX_VALUE) {
        throw new LeakScanException("input-too-large", "input longer than " + Integer.MAX_VALUE + " characters; split it");
      }
      chars.length = len;
      int reportTo = eof ? len : Math.min(len, reportFrom + CHUNK);
      for (Finding f : scanWindow(km, chars, 0, len, reportFrom, reportTo)) {
        long s = base + f.start();
        if (s < lastEnd) {
          continue;
        }
        if (count == maxFindings) {
          return true;
        }
        lastEnd = base + f.end();
        int start = (int) s;
        int end = (int) lastEnd;
        if (codePoints) {
          cpCursor += codePointsBetween(buf, cursor, f.start());
          cursor = f.start();
          start = (int) (cpBase + cpCursor);
          end = (int) (start + codePointsBetween(buf, f.start(), f.end()));
        }
        sink.accept(new Finding(f.type(), start, end, f.confidence(), f.action(), f.secretName()));
        count++;
      }
      if (eof && reportTo >= len) {
        return false;
      }
      int keep = Math.max(0, reportTo - CONTEXT);
      if (keep > 0 && Character.isLowSurrogate(buf[keep]) && Character.isHighSurrogate(buf[keep - 1])) {
        keep--; // never split a surrogate pair between chunks
      }
      if (codePoints) {
        cpCursor += codePointsBetween(buf, cursor, keep);
        cpBase += cpCursor;
        cpCursor = 0;
        cursor = 0;
      }
      System.arraycopy(buf, keep, buf, 0, len - keep);
      base += keep;
      len -= keep;
      reportFrom = reportTo - keep;
    }
  }

  private static long codePointsBetween(char[] b, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      if (!(Character.isLowSurrogate(b[i]) && i > 0 && Character.isHighSurrogate(b[i - 1]))) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String redact(CharSequence text) {
    List<Finding> findings = scan(text);
    if (findings.isEmpty()) {
      return text.toString();
    }
    StringBuilder sb = new StringBuilder(text.length());
    int pos = 0;
    for (Finding f : findings) {
      if (f.action() == Finding.Action.WARN || f.start() < pos) {
        continue;
      }
      sb.append(text, pos, f.start());
      sb.append("[REDACTED:").append(f.secretName() != null ? f.secretName() : f.type()).append(']');
      pos = f.end();
    }
    sb.append(text, pos, text.length());
    return sb.toString();
  }

  /** This detector as a log redactor (for the logging {@code RedactionHook}). */
  public Redactor asRedactor() {
    return text -> text == null || text.isEmpty() ? text : redact(text);
  }

  private KnownMatcher matcher() {
    KnownMatcher m = knownMatcher;
    long v = known.version();
    if (m == null || m.version() != v) {
      synchronized (this) {
        m = knownMatcher;
        if (m == null || m.version() != v) {
          m = KnownMatcher.build(known.current(), v);
          knownMatcher = m;
        }
      }
    }
    return m;
  }

  /** Findings in {@code text[from, to)} whose start lies in {@code [reportFrom, reportTo)}, resolved and sorted. */
  private static List<Finding> scanWindow(KnownMatcher km, CharSequence input, int from, int to, int reportFrom, int reportTo) {
    // One copy of the window as a String: every pass below then reads a String (fast, monomorphic
    // charAt; Latin-1 strings take half the memory) and offsets are shifted back at the end.
    String text = input.subSequence(from, to).toString();
    List<Finding> shifted = scanString(km, text);
    List<Finding> kept = new ArrayList<>(shifted.size());
    for (Finding f : shifted) {
      int s = f.start() + from;
      if (s >= reportFrom && s < reportTo) {
        kept.add(new Finding(f.type(), s, f.end() + from, f.confidence(), f.action(), f.secretName()));
      }
    }
    return kept;
  }

  private static List<Finding> scanString(KnownMatcher km, String text) {
    int from = 0;
    int to = text.length();
    List<Finding> raw = new ArrayList<>();
    km.scan(text, from, to, raw);
    ENGINE.scan(text, from, to, raw);
    List<View> views = new ArrayList<>();
    // Decoding can only reveal a credential near an escape that joins characters into a token
    // (%XX, \/, \\uXXXX); \" and \n only separate tokens and are handled in the text as written.
    // So only regions around such escapes are decoded and scanned again.
    int[] regions = View.escapeRegions(text, from, to);
    for (int i = 0; i < regions.length; i += 2) {
      View u = View.urlDecoded(text, regions[i], regions[i + 1]);
      if (u != null) {
        views.add(u);
      }
      View j = View.jsonUnescaped(text, regions[i], regions[i + 1]);
      if (j != null) {
        views.add(j);
      }
    }
    views.addAll(View.base64Runs(text, from, to));
    for (View v : views) {
      List<Finding> vf = new ArrayList<>();
      km.scan(v.text(), 0, v.text().length(), vf);
      ENGINE.scan(v.text(), 0, v.text().length(), vf);
      for (Finding f : vf) {
        int s = v.originalStart(f.start());
        int e = Math.max(s + 1, v.originalEnd(f.end()));
        raw.add(new Finding(f.type(), s, e, f.confidence(), f.action(), f.secretName()));
      }
    }
    return resolve(raw);
  }

  private static final Comparator<Finding> RANK =
      Comparator.<Finding>comparingInt(f -> f.secretName() != null ? 0 : 1)
          .thenComparingInt(f -> f.action().ordinal())
          .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed())
          .thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed())
          .thenComparingInt(Finding::start);

  /** Keeps the strongest of overlapping findings (known secret, then action, confidence, length). */
  static List<Finding> resolve(List<Finding> raw) {
    if (raw.size() <= 1) {
      return new ArrayList<>(raw);
    }
    List<Finding> sorted = new ArrayList<>(raw);
    sorted.sort(RANK);
    TreeMap<Integer, Finding> accepted = new TreeMap<>();
    for (Finding f : sorted) {
      Map.Entry<Integer, Finding> before = accepted.floorEntry(f.start());
      if (before != null && before.getValue().end() > f.start()) {
        continue;
      }
      Map.Entry<Integer, Finding> after = accepted.ceilingEntry(f.start());
      if (after != null && after.getKey() < f.end()) {
        continue;
      }
      accepted.put(f.start(), f);
    }
    return new ArrayList<>(accepted.values());
  }

  /** A growable view of the stream buffer. */
  private static final class Chars implements CharSequence {
    private final char[] buf;
    int length;

    Chars(char[] buf) {
      this.buf = buf;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      return buf[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(buf, start, end - start);
    }

    @Override
    public String toString() {
      return new String(buf, 0, length);
    }
  }
}
