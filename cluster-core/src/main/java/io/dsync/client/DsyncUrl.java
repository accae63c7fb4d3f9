package io.dsync.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code dsync://host:port,host:port} URL: the binary addresses of the nodes a client
 * may connect to, in the order given. A missing port means {@value #DEFAULT_PORT}; IPv6 hosts
 * go in brackets ({@code dsync://[::1]:7000}). Addresses are left unresolved (resolved when
 * dialled). Immutable.
 *
 * @param addresses one or more distinct node addresses
 */
public record DsyncUrl(List<InetSocketAddress> addresses) {
  /** The scheme, without {@code ://}. */
  public static final String SCHEME = "dsync";
  /** The port used when an address has none. */
  public static final int DEFAULT_PORT = 7000;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

  public DsyncUrl {
    if (addresses == null || addresses.isEmpty()) {
      throw new IllegalArgumentException("a dsync URL needs at least one address");
    }
    addresses = List.copyOf(addresses);
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static DsyncUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("invalid dsync URL: empty (expected dsync://host:port[,host:port...])");
    }
    String trimmed = url.trim();
    String prefix = SCHEME + "://";
    if (!trimmed.toLowerCase(Locale.ROOT).startsWith(prefix)) {
      throw bad(url, "it must start with " + prefix);
    }
    String rest = trimmed.substring(prefix.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty()) {
      throw bad(url, "no address after " + prefix);
    }
    for (char c : new char[] {'/', '?', '#', '@'}) {
      if (rest.indexOf(c) >= 0) {
        throw bad(url, "unexpected '" + c + "' (only host:port entries separated by commas are allowed)");
      }
    }
    String[] entries = rest.split(",", -1);
    Set<String> seen = new LinkedHashSet<>();
    List<InetSocketAddress> result = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        throw bad(url, "address " + (i + 1) + " is empty");
      }
      InetSocketAddress address = parseAddress(url, entry);
      if (!seen.add(address.getHostString().toLowerCase(Locale.ROOT) + ":" + address.getPort())) {
        throw bad(url, "address '" + entry + "' is listed twice");
      }
      result.add(address);
    }
    return new DsyncUrl(result);
  }

  private static InetSocketAddress parseAddress(String url, String entry) {
    String host;
    String port;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw bad(url, "'" + entry + "' has '[' without ']'");
      }
      host = entry.substring(1, close);
      String after = entry.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw bad(url, "unexpected '" + after + "' after ']' in '" + entry + "'");
      }
      port = after.isEmpty() ? null : after.substring(1);
      if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
        throw bad(url, "'" + host + "' is not an IPv6 address");
      }
    } else {
      int colon = entry.indexOf(':');
      if (colon != entry.lastIndexOf(':')) {
        throw bad(url, "'" + entry + "' has several ':' (put IPv6 addresses in brackets)");
      }
      host = colon < 0 ? entry : entry.substring(0, colon);
      port = colon < 0 ? null : entry.substring(colon + 1);
      if (host.isEmpty()) {
        throw bad(url, "'" + entry + "' has no host");
      }
      if (!HOST_NAME.matcher(host).matches()) {
        throw bad(url, "'" + host + "' is not a valid host name or address");
      }
    }
    return InetSocketAddress.createUnresolved(host, parsePort(url, entry, port));
  }

  private static int parsePort(String url, String entry, String port) {
    if (port == null) {
      return DEFAULT_PORT;
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw bad(url, "port '" + port + "' in '" + entry + "' is not a number");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw bad(url, "port " + value + " in '" + entry + "' is out of range 1..65535");
    }
    return value;
  }

  private static IllegalArgumentException bad(String url, String reason) {
    return new IllegalArgumentException("invalid dsync URL '" + url + "': " + reason);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(SCHEME).append("://");
    for (int i = 0; i < addresses.size(); i++) {
      InetSocketAddress a = addresses.get(i);
      if (i > 0) {
        sb.append(',');
      }
      String host = a.getHostString();
      sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(a.getPort());
    }
    return sb.toString();
  }
}
