package dev.ironclaw4j.guard.egress;

/** Turns a Location header into an absolute URL text, which is then parsed strictly like any other. */
final class Redirects {
  private Redirects() {}

  static String absolute(CanonicalUrl base, String location) {
    String origin = base.scheme() + "://" + base.host() + ":" + base.port();
    if (location.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return location;
    }
    if (location.startsWith("//")) {
      return base.scheme() + ":" + location;
    }
    if (location.startsWith("/")) {
      return origin + location;
    }
    if (location.startsWith("?")) {
      return origin + base.path() + location;
    }
    String dir = base.path().substring(0, base.path().lastIndexOf('/') + 1);
    return origin + dir + location;
  }
}
