package io.dsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsyncUrlTest {

  @Test
  void parse_severalAddresses_inOrder() {
    DsyncUrl url = DsyncUrl.parse("dsync://host1:7001, 10.0.0.2:7002,[::1]:7003,plain");
    assertThat(url.addresses()).extracting(InetSocketAddress::getHostString)
        .containsExactly("host1", "10.0.0.2", "::1", "plain");
    assertThat(url.addresses()).extracting(InetSocketAddress::getPort)
        .containsExactly(7001, 7002, 7003, DsyncUrl.DEFAULT_PORT);
    assertThat(url.addresses().get(0).isUnresolved()).isTrue();
    assertThat(url).hasToString("dsync://host1:7001,10.0.0.2:7002,[::1]:7003,plain:7000");
  }

  @Test
  void parse_upperCaseSchemeAndTrailingSlash_accepted() {
    assertThat(DsyncUrl.parse(" DSYNC://a:1/ ").addresses()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "http://a:1|must start with dsync://",
        "dsync://|no address",
        "dsync://a:1,,b:2|address 2 is empty",
        "dsync://a:|port '' in 'a:' is not a number",
        "dsync://a:x|port 'x' in 'a:x' is not a number",
        "dsync://a:0|out of range",
        "dsync://a:65536|out of range",
        "dsync://a:1:2|several ':'",
        "dsync://:7000|has no host",
        "dsync://a b:1|'a b' is not a valid host",
        "dsync://a:1/path|unexpected '/'",
        "dsync://a:1?x=1|unexpected '?'",
        "dsync://user@a:1|unexpected '@'",
        "dsync://[::1:7000|without ']'",
        "dsync://[zz]:1|not an IPv6 address",
        "dsync://a:1,A:1|listed twice",
        "dsync://-a:1|not a valid host",
      })
  void parse_bad_clearError(String url, String expected) {
    assertThatThrownBy(() -> DsyncUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid dsync URL")
        .hasMessageContaining(expected);
  }

  @Test
  void parse_nullOrBlank_clearError() {
    assertThatThrownBy(() -> DsyncUrl.parse(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> DsyncUrl.parse("  ")).hasMessageContaining("empty");
  }

  @Test
  void options_badValues_rejected() {
    assertThatThrownBy(() -> ClientOptions.of("dsync://a:1").withRetries(0, ClientOptions.of("dsync://a:1").retryBackoff()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> ClientOptions.of("dsync://a:1").withTimeouts(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    assertThat(ClientOptions.of("dsync://a:1").clientId().value()).startsWith("client-");
  }
}
